// pending-memory floor: N native async functions each awaiting a pending plain thenable (an object
// whose then() keeps the engine's resolve function). What V8 holds for a function suspended on
// anything that is not a native promise, which every @aio awaitable is, before any task object.
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function measure(n) {
  const resolvers = [];
  const pendingThenable = {
    then(resolve) {
      resolvers.push(resolve);
    },
  };
  async function waiter() {
    await pendingThenable;
  }
  gc();
  const before = process.memoryUsage();
  const start = now();
  const pending = [];
  for (let i = 0; i < n; i++) pending.push(waiter());
  const seconds = now() - start;
  // Let every function reach its await (and the engine call then()), then collect what is garbage.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const after = process.memoryUsage();
  // The array of resolve functions is part of the cost (a future keeps its waiters the same way).
  for (const resolve of resolvers) resolve();
  await Promise.all(pending);
  return {
    seconds,
    heapBytesPerTask: (after.heapUsed - before.heapUsed) / n,
    rssBytesPerTask: (after.rss - before.rss) / n,
  };
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
const { seconds, heapBytesPerTask, rssBytesPerTask } = await measure(N);
report({ workload: "pending-memory", system: "thenable", n: N, seconds, extra: { heapBytesPerTask, rssBytesPerTask } });
