import { getRunningLoop, run, sleep } from "@aio/asyncio";

async function main(): Promise<void> {
  // Inside a coroutine, the loop that runs it is always at hand.
  const loop = getRunningLoop();
  const start = loop.time(); // seconds, from a monotonic clock
  const elapsed = () => (Math.floor((loop.time() - start) * 10) / 10).toFixed(1); // in tenths
  const report = (label: string) => console.log(`${label} at +${elapsed()}s`);

  loop.callLater(0.2, report, "callLater(0.2)"); // extra arguments are passed to the callback
  loop.callAt(start + 0.1, report, "callAt(start + 0.1)");
  loop.callSoon(report, "callSoon");
  const handle = loop.callLater(0.15, report, "never: cancelled");
  handle.cancel();
  console.log("all scheduled; none has run yet");

  await sleep(0.3); // give the timers time to fire
}

await run(main);
// Output:
// all scheduled; none has run yet
// callSoon at +0.0s
// callAt(start + 0.1) at +0.1s
// callLater(0.2) at +0.2s
