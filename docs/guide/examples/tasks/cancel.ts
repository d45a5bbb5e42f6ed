import { CancelledError, createTask, run, sleep } from "@aio/asyncio";

async function worker(): Promise<void> {
  try {
    for (let i = 1; ; i++) {
      await sleep(1); // each wait is a point where cancellation can arrive
      console.log(`tick ${i}`);
    }
  } finally {
    // Cleanup runs as usual: CancelledError is an ordinary exception inside the coroutine.
    console.log("worker cleans up");
  }
}

async function main(): Promise<void> {
  const task = createTask(worker);
  await sleep(2.5);
  console.log(`cancel() -> ${task.cancel("enough")}`); // a request: nothing happens yet
  try {
    await task;
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    console.log(`task ended with CancelledError("${error.message}"), cancelled(): ${task.cancelled()}`);
  }
}

await run(main);
// Output:
// tick 1
// tick 2
// cancel() -> true
// worker cleans up
// task ended with CancelledError("enough"), cancelled(): true
