// A small asyncio program, ported line by line; the Python is in the comments.
import { Queue, TimeoutError, gather, run, sleep, taskGroup, timeout } from "@aio/asyncio";

// async def fetch(url: str, delay: float) -> str:
async function fetch(url: string, delay: number): Promise<string> {
  //   await asyncio.sleep(delay)
  await sleep(delay);
  //   return f"<{url}>"
  return `<${url}>`;
}

// async def crawler(queue: asyncio.Queue, results: list[str]) -> None:
async function crawler(queue: Queue<[string, number]>, results: string[]): Promise<void> {
  //   while True:
  for (;;) {
    //     url, delay = await queue.get()
    const [url, delay] = await queue.get();
    //     try:
    try {
      //       async with asyncio.timeout(1.5):
      //           results.append(await fetch(url, delay))
      await timeout(1.5, async () => {
        results.push(await fetch(url, delay));
      });
      //     except TimeoutError:
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      //       results.append(f"{url}: too slow")
      results.push(`${url}: too slow`);
      //     finally:
    } finally {
      //       queue.task_done()
      queue.taskDone();
    }
  }
}

// async def main() -> None:
async function main(): Promise<void> {
  //   first, second = await asyncio.gather(fetch("a", 1), fetch("b", 0.5))
  const [first, second] = await gather([() => fetch("a", 1), () => fetch("b", 0.5)]);
  //   print(first, second)
  console.log(first, second);

  //   queue: asyncio.Queue[tuple[str, float]] = asyncio.Queue()
  const queue = new Queue<[string, number]>();
  //   for item in [("x", 1), ("y", 2), ("z", 0.25)]:
  //       queue.put_nowait(item)
  for (const item of [["x", 1], ["y", 2], ["z", 0.25]] as [string, number][]) queue.putNowait(item);
  //   results: list[str] = []
  const results: string[] = [];
  //   async with asyncio.TaskGroup() as tg:
  await taskGroup(async (tg) => {
    //     workers = [tg.create_task(crawler(queue, results)) for _ in range(2)]
    const workers = [0, 1].map(() => tg.createTask(() => crawler(queue, results)));
    //     await queue.join()
    await queue.join();
    //     for w in workers:
    //         w.cancel()
    for (const w of workers) w.cancel();
  });
  //   print(results)
  console.log(results);
}

// asyncio.run(main())
await run(main);
// Output:
// <a> <b>
// [ '<x>', '<z>', 'y: too slow' ]
