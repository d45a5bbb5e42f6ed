import { getRunningLoop, run, sleep, taskGroup } from "@aio/asyncio";

async function fetchPage(n: number): Promise<string> {
  await sleep(n);
  return `page ${n}`;
}

async function main(): Promise<void> {
  const loop = getRunningLoop();
  const start = loop.time();
  // Python's `async with asyncio.TaskGroup() as tg:`. The block does not end before every task
  // started in it has ended: no task is left behind.
  const pages = await taskGroup(async (tg) => {
    const tasks = [1, 3, 2].map((n) => tg.createTask(() => fetchPage(n), { name: `fetch-${n}` }));
    console.log("all started");
    return tasks;
  });
  console.log(pages.map((t) => t.result()), `after ${Math.round(loop.time() - start)} s`);
}

await run(main);
// Output:
// all started
// [ 'page 1', 'page 3', 'page 2' ] after 3 s
