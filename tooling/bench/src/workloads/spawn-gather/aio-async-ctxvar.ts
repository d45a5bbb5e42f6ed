// spawn-gather on @aio, async-function tasks, with one ContextVar in use: main sets it, and each of
// the N tasks reads it after its `await sleep(0)` (every task copies a context, and async functions
// run inside AsyncLocalStorage). Compare with aio-async.ts, the same program with no ContextVar.
import { ContextVar } from "@aio/contextvars";
import { EventLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { gather, sleep } from "@aio/combinators";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);
const offset = new ContextVar<number>("offset", { default: -1 });

async function run(n: number): Promise<number> {
  const loop = new EventLoop();
  async function main(): Promise<number> {
    offset.set(0);
    const tasks = [];
    for (let i = 0; i < n; i++) {
      tasks.push(
        createTask(async () => {
          await sleep(0);
          return i + offset.get();
        }),
      );
    }
    const results = (await gather(tasks)) as number[];
    let sum = 0;
    for (const r of results) sum += r;
    return sum;
  }
  const start = now();
  const sum = await loop.runUntilComplete(main);
  const seconds = now() - start;
  loop.close();
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await run(warmupSize(N));
gc();
const seconds = await run(N);
report({ workload: "spawn-gather", system: "aio-async-ctxvar", n: N, seconds });
