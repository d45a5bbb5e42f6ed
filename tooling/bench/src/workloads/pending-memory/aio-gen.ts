// pending-memory on @aio, generator tasks: N tasks all blocked on one never-set future.
// Bytes per task = heap / RSS growth after a full GC, divided by N.
import { EventLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import type { Coroutine, FutureLike } from "@aio/core";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

function* waiter(never: FutureLike<void>): Coroutine<void> {
  yield* never;
}

interface Measurement {
  seconds: number;
  heapBytesPerTask: number;
  rssBytesPerTask: number;
}

async function measure(n: number): Promise<Measurement> {
  const loop = new EventLoop();
  function* main(): Coroutine<Measurement> {
    const never = loop.createFuture<void>();
    gc();
    const before = process.memoryUsage();
    const start = now();
    const tasks = [];
    for (let i = 0; i < n; i++) tasks.push(createTask(waiter(never)));
    const seconds = now() - start;
    // Two loop iterations: every task takes its first step and parks on `never`.
    yield;
    yield;
    gc();
    const after = process.memoryUsage();
    for (const task of tasks) if (task.done()) throw new Error("a waiter finished");
    // Release and join every task (this also keeps `never` alive until after the measurement).
    never.setResult(undefined);
    for (const task of tasks) yield* task;
    return {
      seconds,
      heapBytesPerTask: (after.heapUsed - before.heapUsed) / n,
      rssBytesPerTask: (after.rss - before.rss) / n,
    };
  }
  const result = await loop.runUntilComplete(main());
  loop.close();
  return result;
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
const { seconds, heapBytesPerTask, rssBytesPerTask } = await measure(N);
report({ workload: "pending-memory", system: "aio-gen", n: N, seconds, extra: { heapBytesPerTask, rssBytesPerTask } });
