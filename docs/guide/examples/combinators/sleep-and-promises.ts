import { fromPromise, getRunningLoop, run, sleep, type Coroutine } from "@aio/asyncio";

function* main(): Coroutine<void> {
  const loop = getRunningLoop();
  const start = loop.time();

  // sleep(delay, result?) waits and then gives back `result`.
  const value = yield* sleep(1.5, "woke up");
  console.log(`${value} after ${(loop.time() - start).toFixed(1)} s`);

  // sleep(0) (or a bare `yield`) lets every other ready task run once.
  yield* sleep(0);

  // fromPromise waits on any promise from a generator coroutine.
  const n = yield* fromPromise(Promise.resolve(42));
  console.log(`promise gave ${n}`);
}

await run(main);
// Output:
// woke up after 1.5 s
// promise gave 42
