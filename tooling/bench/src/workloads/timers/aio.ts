// timers on @aio: 100k loop.callLater() with seeded random delays in [0, 50 ms] on a real
// EventLoop. Reports the total time (first schedule to last fire) and how late each timer fired.
import { performance } from "node:perf_hooks";
import { EventLoop } from "@aio/loop";
import { gc, lehmer, percentile, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);
const MAX_DELAY_MS = 50;

async function run(n: number): Promise<{ seconds: number; overshoot: Float64Array }> {
  const random = lehmer(42);
  const deadlines = new Float64Array(n);
  const overshoot = new Float64Array(n);
  const loop = new EventLoop();
  let fired = 0;
  let start = 0;
  let end = 0;
  const fire = (i: number): void => {
    const t = performance.now();
    overshoot[i] = t - deadlines[i]!;
    if (++fired === n) {
      end = t;
      loop.stop();
    }
  };
  // Schedule from inside the running loop, as a program would.
  loop.callSoon(() => {
    start = performance.now();
    for (let i = 0; i < n; i++) {
      const delay = random() * MAX_DELAY_MS;
      deadlines[i] = performance.now() + delay;
      loop.callLater(delay / 1000, fire, i);
    }
  });
  await loop.runForever();
  loop.close();
  if (fired !== n) throw new Error(`only ${fired} of ${n} timers fired`);
  return { seconds: (end - start) / 1000, overshoot };
}

for (let i = 0; i < WARMUP_RUNS; i++) await run(warmupSize(N));
gc();
const { seconds, overshoot } = await run(N);
report({
  workload: "timers",
  system: "aio",
  n: N,
  seconds,
  extra: {
    overshootP50Ms: percentile(overshoot, 50),
    overshootP99Ms: percentile(overshoot, 99),
    overshootMaxMs: percentile(overshoot, 100),
  },
});
