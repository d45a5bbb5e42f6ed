import { TimeoutError, getRunningLoop, run, sleep, timeout, timeoutAt, type Coroutine } from "@aio/asyncio";

function* main(): Coroutine<void> {
  const loop = getRunningLoop();

  // timeout(delay, body) limits a whole block. The body runs in the current task; when time is
  // up, it is cancelled where it waits, and the CancelledError becomes a TimeoutError outside.
  try {
    yield* timeout(2, function* () {
      for (let step = 1; ; step++) {
        yield* sleep(0.75);
        console.log(`step ${step}`);
      }
    });
  } catch (error) {
    console.log(`block gave up: ${error instanceof TimeoutError}`);
  }

  // The body gets the Timeout object: it can read and move the deadline.
  const result = yield* timeout(1, function* (t) {
    console.log(`deadline in ${Math.round(t.when()! - loop.time())} s`);
    t.reschedule(loop.time() + 5); // more time after all
    yield* sleep(3);
    return `finished; expired: ${t.expired()}`;
  });
  console.log(result);

  // timeoutAt takes an absolute deadline on the loop's clock; null means none.
  const value = yield* timeoutAt(null, function* (t) {
    yield* sleep(1);
    return `no deadline: ${t.when()}`;
  });
  console.log(value);

  // The body can also be an async function.
  const fromAsync = yield* timeoutAt(loop.time() + 1, async () => {
    await sleep(0.5);
    return "async body done";
  });
  console.log(fromAsync);
}

await run(main);
// Output:
// step 1
// step 2
// block gave up: true
// deadline in 1 s
// finished; expired: false
// no deadline: null
// async body done
