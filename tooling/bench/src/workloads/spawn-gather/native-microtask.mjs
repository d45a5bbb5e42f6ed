// spawn-gather baseline: N native async functions that each `await Promise.resolve()` once and
// return i, gathered with Promise.all.
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function child(i) {
  await Promise.resolve();
  return i;
}

async function run(n) {
  const start = now();
  const promises = [];
  for (let i = 0; i < n; i++) promises.push(child(i));
  const results = await Promise.all(promises);
  const seconds = now() - start;
  let sum = 0;
  for (const r of results) sum += r;
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await run(warmupSize(N));
gc();
const seconds = await run(N);
report({ workload: "spawn-gather", system: "native-microtask", n: N, seconds });
