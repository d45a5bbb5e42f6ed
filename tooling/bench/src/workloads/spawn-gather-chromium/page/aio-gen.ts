// spawn-gather in a Chromium page, @aio generator tasks: the loop on the page's default host
// (MessageChannelHost). The same program as ../../spawn-gather/aio-gen.ts.
import { EventLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { gather, sleep } from "@aio/combinators";
import type { Coroutine } from "@aio/core";

function* child(i: number): Coroutine<number> {
  yield* sleep(0);
  return i;
}

function* main(n: number): Coroutine<number> {
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push(createTask(child(i)));
  const results = (yield* gather(tasks)) as number[];
  let sum = 0;
  for (const r of results) sum += r;
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
