import { newEventLoop, sleep } from "@aio/asyncio";

// `run()` is the usual entry point, but a loop can be driven directly, as in Python.
const loop = newEventLoop();
let ticks = 0;
function tick(): void {
  ticks += 1;
  if (ticks < 3) loop.callLater(0.01, tick);
  else loop.stop(); // runForever() returns at the end of the current iteration
}
loop.callSoon(tick);
await loop.runForever();
console.log(`stopped after ${ticks} ticks; running: ${loop.isRunning()}`);

// runUntilComplete() runs the loop until one coroutine (or future) is done, and returns its result.
const doubled = await loop.runUntilComplete(async () => {
  await sleep(0.01);
  return 21 * 2;
});
console.log(doubled);

loop.close();
console.log(`closed: ${loop.isClosed()}`);
// Output:
// stopped after 3 ticks; running: false
// 42
// closed: true
