import { getRunningLoop, run, sleep } from "@aio/asyncio";

async function main(): Promise<void> {
  const loop = getRunningLoop();
  // Callbacks scheduled with callSoon run in the order they were scheduled, one loop iteration
  // later. A callback scheduled *by* a callback waits for the next iteration, behind the ones
  // that were already queued.
  loop.callSoon(() => {
    console.log("a");
    loop.callSoon(() => console.log("c (scheduled by a)"));
  });
  loop.callSoon(() => console.log("b"));
  // Timers due at the same moment run in the order they were scheduled.
  loop.callLater(1, () => console.log("timer 1"));
  loop.callLater(1, () => console.log("timer 2"));
  await sleep(2);
}

await run(main);
// Output:
// a
// b
// c (scheduled by a)
// timer 1
// timer 2
