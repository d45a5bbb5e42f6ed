// virtual-time on @aio: 10k periodic timers (seeded periods in [60 s, 3600 s], each re-arming
// itself with callLater) over 24 simulated hours on a TestLoop, driven by loop.advance().
// One op = one timer firing; `seconds` is the wall time of the whole simulated day.
import { TestLoop } from "@aio/loop";
import { gc, lehmer, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const TIMERS = sizeFromArgs(10_000);
const HOURS = 24;

function simulate(timers: number, hours: number): { seconds: number; fired: number } {
  const random = lehmer(7);
  const loop = new TestLoop();
  let fired = 0;
  for (let i = 0; i < timers; i++) {
    const period = 60 + random() * 3540;
    const tick = (): void => {
      fired++;
      loop.callLater(period, tick);
    };
    loop.callLater(period, tick);
  }
  const start = now();
  loop.advance(hours * 3600);
  const seconds = now() - start;
  if (loop.time() !== hours * 3600) throw new Error(`clock at ${loop.time()}, expected ${hours * 3600}`);
  loop.close();
  return { seconds, fired };
}

for (let i = 0; i < WARMUP_RUNS; i++) simulate(warmupSize(TIMERS, 100), 1);
gc();
const { seconds, fired } = simulate(TIMERS, HOURS);
report({ workload: "virtual-time", system: "aio", n: fired, seconds, extra: { timers: TIMERS, simulatedHours: HOURS } });
