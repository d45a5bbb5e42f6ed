// await-pending on @aio, async-function task: N times, await a pending future that a loop callback
// completes, so the loop resumes the task (one iteration, one step) each time.
import { EventLoop } from "@aio/loop";
import type { Future } from "@aio/future";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);

function complete(fut: Future<number>): void {
  fut.setResult(1);
}

async function run(n: number): Promise<number> {
  const loop = new EventLoop();
  async function main(): Promise<number> {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const fut = loop.createFuture<number>();
      loop.callSoon(complete, fut);
      sum += await fut;
    }
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
report({ workload: "await-pending", system: "aio-await", n: N, seconds });
