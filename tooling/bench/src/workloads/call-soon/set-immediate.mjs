// call-soon baseline: one setImmediate per callback (batch), and a setImmediate chain.
import { gc, now, report, sizeFromArgs, WARMUP_RUNS, warmupSize } from "../../harness.mjs";

const N = sizeFromArgs(1_000_000);

function batch(n) {
  return new Promise((resolve) => {
    let count = 0;
    const start = now();
    const tick = () => {
      if (++count === n) resolve(now() - start);
    };
    for (let i = 0; i < n; i++) setImmediate(tick);
  });
}

function chain(n) {
  return new Promise((resolve) => {
    let count = 0;
    const start = now();
    const step = () => {
      if (++count < n) setImmediate(step);
      else resolve(now() - start);
    };
    setImmediate(step);
  });
}

for (let i = 0; i < WARMUP_RUNS; i++) {
  await batch(warmupSize(N));
  await chain(warmupSize(N));
}
gc();
const seconds = await batch(N);
gc();
const chainSeconds = await chain(N);
report({ workload: "call-soon", system: "set-immediate", n: N, seconds, extra: { chainNsPerOp: (chainSeconds * 1e9) / N } });
