import { TimeoutError, getRunningLoop, run, sleep, timeout, timeoutAt } from "@aio/asyncio";

async function main(): Promise<void> {
  const loop = getRunningLoop();

  // timeout(delay, body) limits a whole block: Python's `async with asyncio.timeout(2):`. The body
  // runs in the current task; when time is up it is cancelled where it waits, and the
  // CancelledError becomes a TimeoutError outside.
  try {
    await timeout(2, async () => {
      for (let step = 1; ; step++) {
        await sleep(0.75);
        console.log(`step ${step}`);
      }
    });
  } catch (error) {
    console.log(`block gave up: ${error instanceof TimeoutError}`);
  }

  // The body gets the Timeout object: it can read and move the deadline.
  const result = await timeout(1, async (t) => {
    console.log(`deadline in ${Math.round(t.when()! - loop.time())} s`);
    t.reschedule(loop.time() + 5); // more time after all
    await sleep(3);
    return `finished; expired: ${t.expired()}`;
  });
  console.log(result);

  // timeoutAt takes an absolute deadline on the loop's clock; null means none.
  const value = await timeoutAt(null, async (t) => {
    await sleep(1);
    return `no deadline: ${t.when()}`;
  });
  console.log(value);

  // The body can also be a generator function.
  const fromGenerator = await timeoutAt(loop.time() + 1, function* () {
    yield* sleep(0.5);
    return "generator body done";
  });
  console.log(fromGenerator);
}

await run(main);
// Output:
// step 1
// step 2
// block gave up: true
// deadline in 1 s
// finished; expired: false
// no deadline: null
// generator body done
