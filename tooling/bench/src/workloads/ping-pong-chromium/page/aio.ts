// ping-pong in a Chromium page, @aio generator tasks: two tasks bounce N messages through two
// Queue(1)s. The same program as ../../ping-pong/aio.ts.
import { EventLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { Queue } from "@aio/queue";
import type { Coroutine } from "@aio/core";

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

export async function run(n: number): Promise<number> {
  const loop = new EventLoop();
  const start = performance.now();
  const sum = await loop.runUntilComplete(main(n));
  const seconds = (performance.now() - start) / 1000;
  loop.close();
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}
