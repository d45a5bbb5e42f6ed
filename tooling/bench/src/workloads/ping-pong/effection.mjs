// ping-pong on effection 4: two operations bounce N messages through two effection queues.
// effection 4 has no bounded queue; the strict alternation keeps at most one item in each.
// One op = one round trip.
import { createQueue, run, spawn } from "effection";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);

async function measure(n) {
  const start = now();
  const sum = await run(function* () {
    const there = createQueue();
    const back = createQueue();
    const pong = yield* spawn(function* () {
      for (let i = 0; i < n; i++) {
        const next = yield* there.next();
        back.add(next.value);
      }
    });
    let total = 0;
    for (let i = 0; i < n; i++) {
      there.add(i);
      total += (yield* back.next()).value;
    }
    yield* pong;
    return total;
  });
  const seconds = now() - start;
  if (sum !== (n * (n - 1)) / 2) throw new Error(`wrong sum ${sum}`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) await measure(warmupSize(N));
gc();
const seconds = await measure(N);
report({ workload: "ping-pong", system: "effection", n: N, seconds, extra: { queue: "createQueue (unbounded)" } });
