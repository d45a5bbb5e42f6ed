// spawn-gather on @aio, async-function tasks, with the loop traced by @aio/trace's TraceRecorder:
// the same work as aio-async.ts, for the overhead of tracing (target: at most 2x the untraced row).
import { EventLoop } from "@aio/loop";
import { TraceRecorder } from "@aio/trace";
import { createTask } from "@aio/task";
import { gather, sleep } from "@aio/combinators";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function run(n: number): Promise<number> {
  const loop = new EventLoop();
  loop.setTraceRecorder(new TraceRecorder()); // a fresh recorder, default capacity (65,536 events)
  async function main(): Promise<number> {
    const tasks = [];
    for (let i = 0; i < n; i++) {
      tasks.push(
        createTask(async () => {
          await sleep(0);
          return i;
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
report({ workload: "spawn-gather", system: "aio-async-traced", n: N, seconds });
