// await-pending floor: a native async function awaits, N times, a fresh plain thenable whose
// then() resolves from a microtask. No loop, no bookkeeping: what V8 charges for awaiting a
// pending thenable that is not a native promise, which every @aio awaitable is.
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);
const resolved = Promise.resolve();

class Pending {
  then(resolve) {
    void resolved.then(() => resolve(1));
  }
}

async function run(n) {
  async function main() {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += await new Pending();
    return sum;
  }
  const start = now();
  const sum = await main();
  const seconds = now() - start;
  if (sum !== n) throw new Error(`sum ${sum}, expected ${n}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await run(warmupSize(N));
gc();
const seconds = await run(N);
report({ workload: "await-pending", system: "thenable", n: N, seconds });
