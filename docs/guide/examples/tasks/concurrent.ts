import { allTasks, createTask, currentTask, getRunningLoop, run, sleep } from "@aio/asyncio";

let start = 0;

async function worker(delay: number): Promise<number> {
  const me = currentTask()!;
  console.log(`${me.getName()} starts`);
  await sleep(delay);
  console.log(`${me.getName()} ends after ${Math.round(getRunningLoop().time() - start)} s`);
  return delay * 10;
}

async function main(): Promise<void> {
  const loop = getRunningLoop();
  start = loop.time();
  // createTask schedules the coroutine's first step; it starts on the next loop iteration.
  const a = createTask(() => worker(2), { name: "A" });
  const b = createTask(() => worker(1), { name: "B" });
  console.log(`created; pending tasks: ${allTasks().size}`); // main, A and B

  // While main waits for A, B runs too: the program takes 2 s, not 3.
  const results = [await a, await b];
  console.log(`results ${results}, elapsed ${Math.round(loop.time() - start)} s`);
  console.log(`a.done(): ${a.done()}, pending tasks: ${allTasks().size}`);
}

await run(main);
// Output:
// created; pending tasks: 3
// A starts
// B starts
// B ends after 1 s
// A ends after 2 s
// results 20,10, elapsed 2 s
// a.done(): true, pending tasks: 1
