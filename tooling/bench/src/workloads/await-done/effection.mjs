// await-done on effection 4: `yield*` on an already-resolved withResolvers() operation, 1M times.
import { run, withResolvers } from "effection";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);

async function measure(n) {
  const done = withResolvers();
  done.resolve(1);
  const start = now();
  const sum = await run(function* () {
    let total = 0;
    for (let i = 0; i < n; i++) total += yield* done.operation;
    return total;
  });
  const seconds = now() - start;
  if (sum !== n) throw new Error(`sum ${sum}, expected ${n}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
gc();
const seconds = await measure(N);
report({ workload: "await-done", system: "effection", n: N, seconds });
