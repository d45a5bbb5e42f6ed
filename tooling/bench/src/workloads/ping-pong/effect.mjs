// ping-pong on Effect 4: two fibers bounce N messages through two Queue.bounded(1).
// One op = one round trip.
import { Effect, Fiber, Queue } from "effect";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function measure(n) {
  const program = Effect.gen(function* () {
    const there = yield* Queue.bounded(1);
    const back = yield* Queue.bounded(1);
    const pong = yield* Effect.forkChild(
      Effect.gen(function* () {
        for (let i = 0; i < n; i++) {
          const v = yield* Queue.take(there);
          yield* Queue.offer(back, v);
        }
      }),
    );
    let total = 0;
    for (let i = 0; i < n; i++) {
      yield* Queue.offer(there, i);
      total += yield* Queue.take(back);
    }
    yield* Fiber.join(pong);
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
report({ workload: "ping-pong", system: "effect", n: N, seconds });
