// call-soon on @aio: 1M callbacks scheduled with loop.callSoon() and run by runForever(),
// then a chain where each callback schedules the next.
import { EventLoop } from "@aio/loop";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);

async function batch(n: number): Promise<number> {
  const loop = new EventLoop();
  let count = 0;
  const tick = (): void => {
    count++;
  };
  const start = now();
  for (let i = 0; i < n; i++) loop.callSoon(tick);
  loop.callSoon(() => loop.stop());
  await loop.runForever();
  const seconds = now() - start;
  loop.close();
  if (count !== n) throw new Error(`batch ran ${count} of ${n} callbacks`);
  return seconds;
}

async function chain(n: number): Promise<number> {
  const loop = new EventLoop();
  let count = 0;
  const step = (): void => {
    if (++count < n) loop.callSoon(step);
    else loop.stop();
  };
  const start = now();
  loop.callSoon(step);
  await loop.runForever();
  const seconds = now() - start;
  loop.close();
  if (count !== n) throw new Error(`chain ran ${count} of ${n} callbacks`);
  return seconds;
}

for (let i = 0; i < WARMUP_RUNS; i++) {
  await batch(warmupSize(N));
  await chain(warmupSize(N));
}
gc();
const seconds = await batch(N);
gc();
const chainSeconds = await chain(N);
report({ workload: "call-soon", system: "aio", n: N, seconds, extra: { chainNsPerOp: (chainSeconds * 1e9) / N } });
