// ping-pong on @aio, generator tasks, with the loop traced by @aio/trace's TraceRecorder: the same
// work as aio.ts, for the overhead of tracing (target: at most 2x the untraced row).
import { EventLoop } from "@aio/loop";
import { TraceRecorder } from "@aio/trace";
import { createTask } from "@aio/task";
import { Queue } from "@aio/queue";
import type { Coroutine } from "@aio/core";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

function* pinger(n: number, out: Queue<number>, back: Queue<number>): Coroutine<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    yield* out.put(i);
    sum += yield* back.get();
  }
  return sum;
}

function* ponger(n: number, inbox: Queue<number>, reply: Queue<number>): Coroutine<void> {
  for (let i = 0; i < n; i++) {
    const v = yield* inbox.get();
    yield* reply.put(v);
  }
}

function* main(n: number): Coroutine<number> {
  const there = new Queue<number>(1);
  const back = new Queue<number>(1);
  const pong = createTask(ponger(n, there, back));
  const sum = yield* createTask(pinger(n, there, back));
  yield* pong;
  return sum;
}

async function run(n: number): Promise<number> {
  const loop = new EventLoop();
  loop.setTraceRecorder(new TraceRecorder()); // a fresh recorder, default capacity (65,536 events)
  const start = now();
  const sum = await loop.runUntilComplete(main(n));
  const seconds = now() - start;
  loop.close();
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await run(warmupSize(N));
gc();
const seconds = await run(N);
report({ workload: "ping-pong", system: "aio-traced", n: N, seconds });
