// await-done floor: a native async function awaits, 1M times, a plain object whose then() calls
// the engine's resolve function at once. No loop, no bookkeeping: what V8 charges for awaiting any
// thenable that is not a native promise, which every @aio awaitable is.
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);

const thenable = {
  then(resolve) {
    resolve(1);
  },
};

async function run(n) {
  async function main() {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += await thenable;
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
report({ workload: "await-done", system: "thenable", n: N, seconds });
