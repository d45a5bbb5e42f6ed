// timers baseline: 100k setTimeout with seeded random delays in [0, 50 ms], real time.
// Reports the total time (first schedule to last fire) and how late each timer fired.
import { performance } from "node:perf_hooks";
import { gc, lehmer, percentile, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(100_000);
const MAX_DELAY_MS = 50;

function run(n) {
  const random = lehmer(42);
  const deadlines = new Float64Array(n);
  const overshoot = new Float64Array(n);
  return new Promise((resolve) => {
    let fired = 0;
    const fire = (i) => {
      const t = performance.now();
      overshoot[i] = t - deadlines[i];
      if (++fired === n) resolve({ seconds: (t - start) / 1000, overshoot });
    };
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const delay = random() * MAX_DELAY_MS;
      deadlines[i] = performance.now() + delay;
      setTimeout(fire, delay, i);
    }
  });
}

for (let i = 0; i < WARMUP_RUNS; i++) await run(warmupSize(N));
gc();
const { seconds, overshoot } = await run(N);
report({
  workload: "timers",
  system: "set-timeout",
  n: N,
  seconds,
  extra: {
    overshootP50Ms: percentile(overshoot, 50),
    overshootP99Ms: percentile(overshoot, 99),
    overshootMaxMs: percentile(overshoot, 100),
  },
});
