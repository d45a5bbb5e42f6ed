// ping-pong on @aio, async-function tasks, with one ContextVar in use: set by main, read by the
// pinger on every round trip (the tasks run inside AsyncLocalStorage). Compare with aio-async.ts,
// the same program with no ContextVar. One op = one round trip.
import { ContextVar } from "@aio/contextvars";
import { EventLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { Queue } from "@aio/queue";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);
const offset = new ContextVar<number>("offset", { default: -1 });

async function pinger(n: number, out: Queue<number>, back: Queue<number>): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    await out.put(i);
    sum += (await back.get()) + offset.get();
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
  offset.set(0);
  const there = new Queue<number>(1);
  const back = new Queue<number>(1);
  const pong = createTask(() => ponger(n, there, back));
  const sum = await createTask(() => pinger(n, there, back));
  await pong;
  return sum;
}

async function run(n: number): Promise<number> {
  const loop = new EventLoop();
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
report({ workload: "ping-pong", system: "aio-async-ctxvar", n: N, seconds });
