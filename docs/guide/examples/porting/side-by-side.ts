// A small asyncio program, ported line by line; the Python is in the comments.
import {
  Queue,
  TimeoutError,
  gather,
  run,
  sleep,
  taskGroup,
  timeout,
  type Coroutine,
} from "@aio/asyncio";

// async def fetch(url: str, delay: float) -> str:
function* fetch(url: string, delay: number): Coroutine<string> {
  //   await asyncio.sleep(delay)
  yield* sleep(delay);
  //   return f"<{url}>"
  return `<${url}>`;
}

// async def crawler(queue: asyncio.Queue, results: list[str]) -> None:
function* crawler(queue: Queue<[string, number]>, results: string[]): Coroutine<void> {
  //   while True:
  for (;;) {
    //     url, delay = await queue.get()
    const [url, delay] = yield* queue.get();
    //     try:
    try {
      //       async with asyncio.timeout(1.5):
      //           results.append(await fetch(url, delay))
      yield* timeout(1.5, function* () {
        results.push(yield* fetch(url, delay));
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
function* main(): Coroutine<void> {
  //   first, second = await asyncio.gather(fetch("a", 1), fetch("b", 0.5))
  const [first, second] = yield* gather([fetch("a", 1), fetch("b", 0.5)]);
  //   print(first, second)
  console.log(first, second);

  //   queue: asyncio.Queue[tuple[str, float]] = asyncio.Queue()
  const queue = new Queue<[string, number]>();
  //   for item in [("x", 1), ("y", 2), ("z", 0.5)]:
  //       queue.put_nowait(item)
  for (const item of [["x", 1], ["y", 2], ["z", 0.5]] as [string, number][]) queue.putNowait(item);
  //   results: list[str] = []
  const results: string[] = [];
  //   async with asyncio.TaskGroup() as tg:
  yield* taskGroup(function* (tg) {
    //     workers = [tg.create_task(crawler(queue, results)) for _ in range(2)]
    const workers = [0, 1].map(() => tg.createTask(crawler(queue, results)));
    //     await queue.join()
    yield* queue.join();
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
// [ '<x>', 'y: too slow', '<z>' ]
