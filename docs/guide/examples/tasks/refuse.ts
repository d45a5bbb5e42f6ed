import { CancelledError, createTask, currentTask, run, sleep, type Coroutine } from "@aio/asyncio";

// A coroutine may catch CancelledError and carry on. If it does, it should call uncancel(), so
// that code which counts cancellation requests (timeouts, task groups) stays correct.
function* stubborn(): Coroutine<string> {
  const me = currentTask()!;
  try {
    yield* sleep(10);
    return "finished normally";
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    console.log(`cancelling() = ${me.cancelling()}`); // one request pending
    me.uncancel();
    console.log(`after uncancel(): ${me.cancelling()}`);
  }
  yield* sleep(1); // still a live task: it can keep waiting
  return "finished after refusing";
}

function* main(): Coroutine<void> {
  const task = createTask(stubborn());
  yield* sleep(1);
  task.cancel();
  console.log(yield* task);
  console.log(`cancelled(): ${task.cancelled()}`);
}

await run(main);
// Output:
// cancelling() = 1
// after uncancel(): 0
// finished after refusing
// cancelled(): false
