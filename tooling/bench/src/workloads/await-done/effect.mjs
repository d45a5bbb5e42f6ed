// await-done on Effect 4: `yield*` on an already-completed Deferred, 1M times.
import { Deferred, Effect } from "effect";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);

async function measure(n) {
  const deferred = Deferred.makeUnsafe();
  Deferred.doneUnsafe(deferred, Effect.succeed(1));
  const program = Effect.gen(function* () {
    let total = 0;
    for (let i = 0; i < n; i++) total += yield* Deferred.await(deferred);
    return total;
  });
  const start = now();
  const sum = await Effect.runPromise(program);
  const seconds = now() - start;
  if (sum !== n) throw new Error(`sum ${sum}, expected ${n}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
gc();
const seconds = await measure(N);
report({ workload: "await-done", system: "effect", n: N, seconds });
