import { FIRST_COMPLETED, createTask, getRunningLoop, run, sleep, wait } from "@aio/asyncio";

async function job(name: string, seconds: number): Promise<string> {
  await sleep(seconds);
  return name;
}

async function main(): Promise<void> {
  const loop = getRunningLoop();
  const start = loop.time();
  const tasks = [createTask(() => job("fast", 1)), createTask(() => job("medium", 2)), createTask(() => job("slow", 5))];

  // wait() returns two sets, [done, pending]; it never throws the tasks' errors and never
  // cancels anything itself.
  let [done, pending] = await wait(tasks, { returnWhen: FIRST_COMPLETED });
  console.log(`after ${Math.round(loop.time() - start)} s: done ${[...done].map((t) => t.result())}, ${pending.size} pending`);

  // A timeout only ends the wait: whatever is not done by then is returned as pending.
  [done, pending] = await wait(pending, { timeout: 2 });
  console.log(`after ${Math.round(loop.time() - start)} s: done ${[...done].map((t) => t.result())}, ${pending.size} pending`);

  for (const task of pending) task.cancel();
  [done] = await wait(pending); // the default: ALL_COMPLETED
  console.log(`cancelled: ${[...done].every((t) => t.cancelled())}`);
}

await run(main);
// Output:
// after 1 s: done fast, 2 pending
// after 3 s: done medium, 1 pending
// cancelled: true
