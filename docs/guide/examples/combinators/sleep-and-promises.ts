import { fromPromise, getRunningLoop, run, sleep, waitFor } from "@aio/asyncio";
import { setTimeout as delay } from "node:timers/promises";

async function main(): Promise<void> {
  const loop = getRunningLoop();
  const start = loop.time();

  // sleep(delay, result?) waits and then gives back `result`.
  const value = await sleep(1.5, "woke up");
  console.log(`${value} after ${(loop.time() - start).toFixed(1)} s`);

  // sleep(0) lets every other ready task run once.
  await sleep(0);

  // An async function can await any promise; fromPromise makes the wait an @aio awaitable, for
  // combinators and for cancellation. Given a function, it passes an AbortSignal that is aborted
  // if the wait is cancelled (here by waitFor's deadline), so the timer below is stopped.
  const n = await fromPromise(Promise.resolve(42));
  console.log(`promise gave ${n}`);
  try {
    await waitFor(fromPromise((signal) => delay(60_000, "late", { signal })), 0.5);
  } catch (error) {
    console.log(`gave up: ${(error as Error).name}`);
  }
}

await run(main);
// Output:
// woke up after 1.5 s
// promise gave 42
// gave up: TimeoutError
