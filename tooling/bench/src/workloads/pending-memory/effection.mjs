// pending-memory on effection 4: N spawned operations all suspended on one never-resolved
// withResolvers() operation. Bytes per task = heap / RSS growth after a full GC, divided by N.
import { run, sleep, spawn, withResolvers } from "effection";
import { gc, now, report, sizeFromArgs } from "../../harness.mjs";

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
    // Release and join every task (this also keeps `never` alive until after the measurement).
    never.resolve();
    for (const task of tasks) yield* task;
    return {
      seconds,
      heapBytesPerTask: (after.heapUsed - before.heapUsed) / n,
      rssBytesPerTask: (after.rss - before.rss) / n,
    };
  });
}

await measure(Math.max(1000, Math.floor(N / 10)));
const { seconds, heapBytesPerTask, rssBytesPerTask } = await measure(N);
report({ workload: "pending-memory", system: "effection", n: N, seconds, extra: { heapBytesPerTask, rssBytesPerTask } });
