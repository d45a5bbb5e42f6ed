// await-pending baseline: a native async function awaits, N times, a promise that a microtask
// resolves (the closest native analogue of a future completed by a loop callback). The microtask
// is a reaction on a resolved promise, the cheapest one (queueMicrotask allocates an AsyncResource).
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);

const resolved = Promise.resolve();

async function run(n) {
  async function main() {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += await new Promise((resolve) => void resolved.then(() => resolve(1)));
    }
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
report({ workload: "await-pending", system: "native", n: N, seconds });
