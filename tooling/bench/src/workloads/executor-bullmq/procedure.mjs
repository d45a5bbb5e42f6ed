// The executor-bullmq measurement, shared by every row so each system is timed the same way.
// A row supplies an adapter: start(workers) → ctx (workers ready, warmed up), one(ctx) → Promise of
// one no-op job's result, many(ctx, n) → Promise of n no-op jobs submitted at once, stop(ctx).
//
// For 1, 2 and 4 workers (each a fresh set): a warm-up batch, then (with 1 worker) the latency of
// one job at a time, then the throughput of n jobs submitted at once. Worker start-up is never timed.
import { gc, now, parseArgs, report, sizeFromArgs } from "../../harness.mjs";

export const WORKER_COUNTS = [1, 2, 4];

export async function measureDistributed(system, adapter) {
  const quick = parseArgs().quick;
  const n = sizeFromArgs(4000);
  const latencyJobs = quick ? 50 : 400;
  const extra = {};
  let latencySeconds = 0;
  for (const workers of WORKER_COUNTS) {
    const ctx = await adapter.start(workers);
    try {
      await adapter.many(ctx, Math.max(200, Math.floor(n / 5)));
      if (workers === 1) {
        for (let i = 0; i < 20; i++) await adapter.one(ctx);
        gc();
        const start = now();
        for (let i = 0; i < latencyJobs; i++) await adapter.one(ctx);
        latencySeconds = now() - start;
      }
      gc();
      const start = now();
      await adapter.many(ctx, n);
      const seconds = now() - start;
      extra[`w${workers}NsPerJob`] = (seconds * 1e9) / n;
      extra[`w${workers}JobsPerSecond`] = n / seconds;
    } finally {
      await adapter.stop(ctx);
    }
  }
  extra.latencyUs = (latencySeconds * 1e6) / latencyJobs;
  extra.throughputJobs = n;
  report({ workload: "executor-bullmq", system, n: latencyJobs, seconds: latencySeconds, extra });
}
