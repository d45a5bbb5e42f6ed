// await-done on Effect 4: `yield*` on an already-completed Deferred, 1M times.
import { Deferred, Effect } from "effect";
import { gc, now, report, sizeFromArgs } from "../../harness.mjs";

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

await measure(Math.max(1000, Math.floor(N / 10)));
gc();
const seconds = await measure(N);
report({ workload: "await-done", system: "effect", n: N, seconds });
