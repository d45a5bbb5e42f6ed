import { performance } from "node:perf_hooks";
import { EventLoop, NodeHost, sleep, type Clock, type Host } from "@aio/asyncio";

const SPEED = 100; // loop seconds per real second

// A clock says what time it is, in seconds. This one runs a hundred times faster than real time.
const start = performance.now();
const fastClock: Clock = {
  now: () => ((performance.now() - start) / 1000) * SPEED,
  resolution: 1e-6 * SPEED,
};

// A host says how the loop waits. The loop asks "wake me in `delay` ms of *clock* time"; on a fast
// clock that is a hundredth of the real wait. This host wraps Node's and counts the turns.
class FastHost implements Host {
  turns = 0;
  private readonly inner = new NodeHost();
  request(tick: () => void, delay: number): void {
    this.inner.request(() => {
      this.turns += 1;
      tick();
    }, delay / SPEED);
  }
  cancel(): void {
    this.inner.cancel();
  }
}

async function main(): Promise<string> {
  await sleep(30); // 30 s on the loop's clock
  return "slept 30 loop seconds";
}

const host = new FastHost();
const loop = new EventLoop({ clock: fastClock, host });
const realStart = performance.now();
console.log(await loop.runUntilComplete(main));
const real = (performance.now() - realStart) / 1000;
console.log(`loop time >= 30 s: ${loop.time() >= 30}, real time far less: ${real < 10}, host turns > 0: ${host.turns > 0}`);
loop.close();
// Output:
// slept 30 loop seconds
// loop time >= 30 s: true, real time far less: true, host turns > 0: true
