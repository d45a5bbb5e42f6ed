// Seed 004 ("Cancel Tasks"): task.cancel() raises CancelledError inside the coroutine, at its await;
// the coroutine may catch it to clean up. If it lets it propagate, the task ends cancelled.
import { CancelledError, createTask, run, sleep, type Coroutine } from "@aio/asyncio";
import type { Example, Print } from "./support.js";

export async function cancelATask(print: Print): Promise<void> {
  async function cancelMe(): Promise<void> {
    print("cancelMe(): before sleep");
    try {
      await sleep(3600); // wait for an hour
    } catch (e) {
      if (e instanceof CancelledError) print("cancelMe(): cancel sleep");
      throw e;
    } finally {
      print("cancelMe(): after sleep");
    }
  }
  const task = createTask(cancelMe);
  await sleep(1);
  task.cancel();
  try {
    await task;
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    print("main(): cancelMe is cancelled now");
  }
}

/** Generator style: the CancelledError is thrown in at the `yield*`. */
export function* cancelATaskGen(print: Print): Coroutine<void> {
  function* cancelMe(): Coroutine<void> {
    print("cancelMe(): before sleep");
    try {
      yield* sleep(3600);
    } catch (e) {
      if (e instanceof CancelledError) print("cancelMe(): cancel sleep");
      throw e;
    } finally {
      print("cancelMe(): after sleep");
    }
  }
  const task = createTask(cancelMe());
  yield* sleep(1);
  task.cancel();
  try {
    yield* task;
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    print("main(): cancelMe is cancelled now");
  }
}

export const example: Example = {
  title: "Cancelling a task",
  lesson: "cancel() throws CancelledError in at the task's await; catch it to clean up, then re-throw.",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => cancelATask(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => cancelATaskGen(env.print), env)) },
  ],
};
