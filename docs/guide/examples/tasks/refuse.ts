import { CancelledError, createTask, currentTask, run, sleep } from "@aio/asyncio";

// A coroutine may catch CancelledError and carry on. If it does, it should call uncancel(), so
// that code which counts cancellation requests (timeouts, task groups) stays correct.
async function stubborn(): Promise<string> {
  const me = currentTask()!;
  try {
    await sleep(10);
    return "finished normally";
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    console.log(`cancelling() = ${me.cancelling()}`); // one request pending
    me.uncancel();
    console.log(`after uncancel(): ${me.cancelling()}`);
  }
  await sleep(1); // still a live task: it can keep waiting
  return "finished after refusing";
}

async function main(): Promise<void> {
  const task = createTask(stubborn);
  await sleep(1);
  task.cancel();
  console.log(await task);
  console.log(`cancelled(): ${task.cancelled()}`);
}

await run(main);
// Output:
// cancelling() = 1
// after uncancel(): 0
// finished after refusing
// cancelled(): false
