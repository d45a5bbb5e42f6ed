// spawn-gather on Effect 4: N fibers (forkChild) that each `yield* Effect.yieldNow` once and
// return i; the parent joins them all.
import { Effect, Fiber } from "effect";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function measure(n) {
  const program = Effect.gen(function* () {
    const fibers = [];
    for (let i = 0; i < n; i++) {
      fibers.push(
        yield* Effect.forkChild(
          Effect.gen(function* () {
            yield* Effect.yieldNow;
            return i;
          }),
        ),
      );
    }
    const results = yield* Fiber.joinAll(fibers);
    let total = 0;
    for (const r of results) total += r;
    return total;
  });
  const start = now();
  const sum = await Effect.runPromise(program);
  const seconds = now() - start;
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
gc();
const seconds = await measure(N);
report({ workload: "spawn-gather", system: "effect", n: N, seconds });
