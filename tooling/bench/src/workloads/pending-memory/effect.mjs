// pending-memory on Effect 4: N forked fibers all waiting on one never-completed Deferred.
// Bytes per fiber = heap / RSS growth after a full GC, divided by N.
import { Deferred, Effect, Fiber } from "effect";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function measure(n) {
  const program = Effect.gen(function* () {
    const never = Deferred.makeUnsafe();
    gc();
    const before = process.memoryUsage();
    const start = now();
    const fibers = [];
    for (let i = 0; i < n; i++) fibers.push(yield* Effect.forkChild(Deferred.await(never)));
    const seconds = now() - start;
    yield* Effect.yieldNow;
    yield* Effect.yieldNow;
    gc();
    const after = process.memoryUsage();
    // Release and join every fiber (this also keeps `never` alive until after the measurement).
    Deferred.doneUnsafe(never, Effect.void);
    yield* Fiber.joinAll(fibers);
    return {
      seconds,
      heapBytesPerTask: (after.heapUsed - before.heapUsed) / n,
      rssBytesPerTask: (after.rss - before.rss) / n,
    };
  });
  return await Effect.runPromise(program);
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
const { seconds, heapBytesPerTask, rssBytesPerTask } = await measure(N);
report({ workload: "pending-memory", system: "effect", n: N, seconds, extra: { heapBytesPerTask, rssBytesPerTask } });
