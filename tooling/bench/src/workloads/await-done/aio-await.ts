// await-done on @aio, async-function task: `await` on an already-completed future, 1M times.
import { EventLoop } from "@aio/loop";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);

async function run(n: number): Promise<number> {
  const loop = new EventLoop();
  const fut = loop.createFuture<number>();
  fut.setResult(1);
  async function main(): Promise<number> {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += await fut;
    return sum;
  }
  const start = now();
  const sum = await loop.runUntilComplete(main);
  const seconds = now() - start;
  loop.close();
  if (sum !== n) throw new Error(`sum ${sum}, expected ${n}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await run(warmupSize(N));
gc();
const seconds = await run(N);
report({ workload: "await-done", system: "aio-await", n: N, seconds });
