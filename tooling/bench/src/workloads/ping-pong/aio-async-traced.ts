// ping-pong on @aio, async-function tasks, with the loop traced by @aio/trace's TraceRecorder: the
// same work as aio-async.ts, for the overhead of tracing (target: at most 2x the untraced row).
import { EventLoop } from "@aio/loop";
import { TraceRecorder } from "@aio/trace";
import { createTask } from "@aio/task";
import { Queue } from "@aio/queue";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function pinger(n: number, out: Queue<number>, back: Queue<number>): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    await out.put(i);
    sum += await back.get();
  }
  return sum;
}

async function ponger(n: number, inbox: Queue<number>, reply: Queue<number>): Promise<void> {
  for (let i = 0; i < n; i++) {
    const v = await inbox.get();
    await reply.put(v);
  }
}

async function main(n: number): Promise<number> {
  const there = new Queue<number>(1);
  const back = new Queue<number>(1);
  const pong = createTask(() => ponger(n, there, back));
  const sum = await createTask(() => pinger(n, there, back));
  await pong;
  return sum;
}

async function run(n: number): Promise<number> {
  const loop = new EventLoop();
  loop.setTraceRecorder(new TraceRecorder()); // a fresh recorder, default capacity (65,536 events)
  const start = now();
  const sum = await loop.runUntilComplete(() => main(n));
  const seconds = now() - start;
  loop.close();
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await run(warmupSize(N));
gc();
const seconds = await run(N);
report({ workload: "ping-pong", system: "aio-async-traced", n: N, seconds });
