// virtual-time baseline: 10k periodic timers (seeded periods in [60 s, 3600 s], each re-arming
// itself with setTimeout) over 24 simulated hours on a @sinonjs/fake-timers clock.
// One op = one timer firing; `seconds` is the wall time of the whole simulated day.
import FakeTimers from "@sinonjs/fake-timers";
import { gc, lehmer, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const TIMERS = sizeFromArgs(10_000);
const HOURS = 24;

function simulate(timers, hours) {
  const random = lehmer(7);
  const clock = FakeTimers.createClock(0, Infinity);
  let fired = 0;
  for (let i = 0; i < timers; i++) {
    const periodMs = (60 + random() * 3540) * 1000;
    const tick = () => {
      fired++;
      clock.setTimeout(tick, periodMs);
    };
    clock.setTimeout(tick, periodMs);
  }
  const start = now();
  clock.tick(hours * 3600 * 1000);
  return { seconds: now() - start, fired };
}

for (let i = 0; i < WARMUP_RUNS; i++) simulate(warmupSize(TIMERS, 100), 1);
gc();
const { seconds, fired } = simulate(TIMERS, HOURS);
report({ workload: "virtual-time", system: "sinon", n: fired, seconds, extra: { timers: TIMERS, simulatedHours: HOURS } });
