import { CancelledError, createTask, currentTask, fromPromise, run, sleep } from "@aio/asyncio";
import { setTimeout as delay } from "node:timers/promises";

// Awaiting an @aio awaitable (sleep, a future, a task, a lock, a queue) is a cancellation point:
// cancel() rejects that await with CancelledError.
async function poller(): Promise<void> {
  try {
    for (;;) await sleep(1);
  } finally {
    console.log("poller cleans up");
  }
}

// A foreign promise is not: nobody can reject it from outside. The task goes on waiting until it
// settles, and the cancellation lands at the next @aio await.
async function plainDownload(): Promise<string> {
  const data = await delay(50, "data");
  console.log("the foreign promise settled after the cancel; the task carries on");
  await sleep(0); // the next @aio await: CancelledError lands here
  return data;
}

// Give the foreign API an AbortSignal instead. fromPromise passes one that is aborted when the wait
// is cancelled, and turns the wait into an @aio awaitable: a cancellation point.
async function download(): Promise<string> {
  return await fromPromise((signal) => delay(60_000, "data", { signal }));
}

async function main(): Promise<void> {
  const tasks = [createTask(poller), createTask(download), createTask(plainDownload)];
  await sleep(0); // let them all start
  // Every task also has `signal`, aborted as soon as its cancellation is requested: another way to
  // reach an API that takes an AbortSignal.
  const signal = tasks[2]!.signal;
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
// the foreign promise settled after the cancel; the task carries on
// cancelled, cancelled(): true
// main goes on: true
