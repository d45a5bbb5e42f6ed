// await-done baseline: a native async function awaiting an already-resolved promise 1M times.
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);

async function run(n) {
  const p = Promise.resolve(1);
  async function main() {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += await p;
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
report({ workload: "await-done", system: "native", n: N, seconds });
