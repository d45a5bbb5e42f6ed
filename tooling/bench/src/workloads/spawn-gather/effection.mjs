// spawn-gather on effection 4: N spawned operations that each `yield* sleep(0)` once and return
// i; the parent joins every task.
import { run, sleep, spawn } from "effection";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function measure(n) {
  const start = now();
  const sum = await run(function* () {
    const tasks = [];
    for (let i = 0; i < n; i++) {
      tasks.push(
        yield* spawn(function* () {
          yield* sleep(0);
          return i;
        }),
      );
    }
    let total = 0;
    for (const task of tasks) total += yield* task;
    return total;
  });
  const seconds = now() - start;
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
gc();
const seconds = await measure(N);
report({ workload: "spawn-gather", system: "effection", n: N, seconds });
