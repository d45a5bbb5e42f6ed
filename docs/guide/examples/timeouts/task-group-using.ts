import { TaskGroup, getRunningLoop, run, sleep, type Task } from "@aio/asyncio";

async function fetchPage(n: number): Promise<string> {
  await sleep(n);
  return `page ${n}`;
}

async function main(): Promise<void> {
  const loop = getRunningLoop();
  const start = loop.time();
  let pages: Task<string>[];
  // `await using` gives a TaskGroup the shape of Python's `async with asyncio.TaskGroup() as tg:`:
  // where the block ends, the group waits for its tasks (and throws an ExceptionGroup if any failed).
  {
    await using tg = new TaskGroup();
    pages = [2, 1].map((n) => tg.createTask(() => fetchPage(n)));
    console.log("both started");
  }
  console.log(pages.map((t) => t.result()), `after ${Math.round(loop.time() - start)} s`);
}

await run(main);
// Output:
// both started
// [ 'page 2', 'page 1' ] after 2 s
