// spawn-gather in a Chromium page, @aio async-function tasks (no AsyncLocalStorage in a browser).
// The same program as ../../spawn-gather/aio-async.ts.
import { EventLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { gather, sleep } from "@aio/combinators";

async function child(i: number): Promise<number> {
  await sleep(0);
  return i;
}

async function main(n: number): Promise<number> {
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push(createTask(() => child(i)));
  const results = (await gather(tasks)) as number[];
  let sum = 0;
  for (const r of results) sum += r;
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
