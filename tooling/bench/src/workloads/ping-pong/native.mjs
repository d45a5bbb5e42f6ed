// ping-pong baseline: two native async functions bounce N messages through two minimal
// hand-written promise queues of capacity 1. One op = one round trip.
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

/** The smallest correct bounded queue of capacity 1: one slot, one waiting getter, one waiting putter. */
class SlotQueue {
  full = false;
  value = undefined;
  getter = null;
  putter = null;

  put(value) {
    if (this.getter !== null) {
      const resolve = this.getter;
      this.getter = null;
      resolve(value);
      return Promise.resolve();
    }
    if (!this.full) {
      this.full = true;
      this.value = value;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.putter = () => {
        this.full = true;
        this.value = value;
        resolve();
      };
    });
  }

  get() {
    if (this.full) {
      const value = this.value;
      this.full = false;
      this.value = undefined;
      if (this.putter !== null) {
        const wake = this.putter;
        this.putter = null;
        wake();
      }
      return Promise.resolve(value);
    }
    return new Promise((resolve) => {
      this.getter = resolve;
    });
  }
}

async function pinger(n, out, back) {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    await out.put(i);
    sum += await back.get();
  }
  return sum;
}

async function ponger(n, inbox, reply) {
  for (let i = 0; i < n; i++) {
    const v = await inbox.get();
    await reply.put(v);
  }
}

async function run(n) {
  const there = new SlotQueue();
  const back = new SlotQueue();
  const start = now();
  const [sum] = await Promise.all([pinger(n, there, back), ponger(n, there, back)]);
  const seconds = now() - start;
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await run(warmupSize(N));
gc();
const seconds = await run(N);
report({ workload: "ping-pong", system: "native", n: N, seconds });
