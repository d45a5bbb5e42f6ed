// pending-memory on effection 4: N spawned operations all suspended on one never-resolved
// withResolvers() operation. Bytes per task = heap / RSS growth after a full GC, divided by N.
import { run, sleep, spawn, withResolvers } from "effection";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function measure(n) {
  return await run(function* () {
    const never = withResolvers();
    gc();
    const before = process.memoryUsage();
    const start = now();
    const tasks = [];
    for (let i = 0; i < n; i++) {
      tasks.push(
        yield* spawn(function* () {
          yield* never.operation;
        }),
      );
    }
    const seconds = now() - start;
    yield* sleep(0);
    gc();
    const after = process.memoryUsage();
    // Release every task (this also keeps `never` alive until after the measurement); joining
    // them one by one is very slow in effection, so the scope ends them when run() returns.
    never.resolve();
    yield* sleep(0);
    return {
      seconds,
      heapBytesPerTask: (after.heapUsed - before.heapUsed) / n,
      rssBytesPerTask: (after.rss - before.rss) / n,
    };
  });
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
const { seconds, heapBytesPerTask, rssBytesPerTask } = await measure(N);
report({ workload: "pending-memory", system: "effection", n: N, seconds, extra: { heapBytesPerTask, rssBytesPerTask } });
