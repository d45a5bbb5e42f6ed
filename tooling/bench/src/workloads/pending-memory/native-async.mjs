// pending-memory baseline: N native async functions all awaiting one never-resolved promise.
// Bytes per pending call = heap / RSS growth after a full GC, divided by N.
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function waiter(never) {
  await never;
}

async function measure(n) {
  let release;
  const never = new Promise((resolve) => {
    release = resolve;
  });
  gc();
  const before = process.memoryUsage();
  const start = now();
  const pending = [];
  for (let i = 0; i < n; i++) pending.push(waiter(never));
  const seconds = now() - start;
  // Let every function reach its await, then collect what is garbage.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const after = process.memoryUsage();
  // Release and join every waiter: this also keeps `never` (and so the waiters) alive until
  // after the measurement, which an optimizing compiler could otherwise drop early.
  release();
  await Promise.all(pending);
  return {
    seconds,
    heapBytesPerTask: (after.heapUsed - before.heapUsed) / n,
    rssBytesPerTask: (after.rss - before.rss) / n,
  };
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
const { seconds, heapBytesPerTask, rssBytesPerTask } = await measure(N);
report({ workload: "pending-memory", system: "native-async", n: N, seconds, extra: { heapBytesPerTask, rssBytesPerTask } });
