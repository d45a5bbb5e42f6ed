// ping-pong in a Chromium page, @aio async-function tasks (no AsyncLocalStorage in a browser).
// The same program as ../../ping-pong/aio-async.ts.
import { EventLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { Queue } from "@aio/queue";

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

export async function run(n: number): Promise<number> {
  const loop = new EventLoop();
  const start = performance.now();
  const sum = await loop.runUntilComplete(() => main(n));
  const seconds = (performance.now() - start) / 1000;
  loop.close();
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}
