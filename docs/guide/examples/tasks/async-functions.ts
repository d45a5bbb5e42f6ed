import { CancelledError, createTask, currentTask, fromPromise, run, sleep } from "@aio/asyncio";
import { setTimeout as delay } from "node:timers/promises";

// In an async function, cancellation rejects the @aio awaitable being awaited with CancelledError.
async function poller(): Promise<void> {
  try {
    for (;;) await sleep(1);
  } finally {
    console.log("poller cleans up");
  }
}

// A foreign promise cannot be rejected from outside; give it an AbortSignal. fromPromise passes
// one that is aborted on cancellation, and turns the wait into an @aio awaitable, so the task
// still ends with CancelledError.
async function download(): Promise<string> {
  await fromPromise((signal) => delay(60_000, "data", { signal }));
  return "data";
}

async function main(): Promise<void> {
  const tasks = [createTask(poller), createTask(download)];
  await sleep(2);
  // Every task also has `signal`, aborted as soon as cancellation is requested: hand it to
  // any API that takes an AbortSignal.
  const signal = tasks[1]!.signal;
  for (const task of tasks) task.cancel();
  console.log(`signal aborted: ${signal.aborted}`);
  for (const task of tasks) {
    try {
      await task;
    } catch (error) {
      console.log(`${error instanceof CancelledError ? "cancelled" : error}, cancelled(): ${task.cancelled()}`);
    }
  }
  console.log(`main goes on: ${!currentTask()!.cancelled()}`);
}

await run(main);
// Output:
// signal aborted: true
// poller cleans up
// cancelled, cancelled(): true
// cancelled, cancelled(): true
// main goes on: true
