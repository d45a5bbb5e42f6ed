// executor-bullmq row: @aio BullMQExecutor with aio-worker processes (--pool inline, the same
// concurrency as the plain BullMQ row), a no-op function sent by its source.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BullMQExecutor } from "@aio/executor-bullmq";
import { measureDistributed } from "./procedure.mjs";
import { startProcess, startRedis, type RedisProcess } from "./processes.mjs";

const CLI = join(dirname(createRequire(import.meta.url).resolve("@aio/executor-bullmq/package.json")), "dist", "cli.js");
const CONCURRENCY = 8;
const noop = (): number => 0;

interface Ctx {
  redis: RedisProcess;
  executor: BullMQExecutor;
  procs: { stop(): Promise<void> }[];
}

await measureDistributed<Ctx>("aio-bullmq", {
  async start(workers) {
    const redis = await startRedis();
    const executor = new BullMQExecutor({ connection: redis.url, queue: "bench" });
    const procs = await Promise.all(
      Array.from({ length: workers }, () => startProcess(CLI, ["--redis", redis.url, "--queue", "bench", "--pool", "inline", "--concurrency", String(CONCURRENCY)])),
    );
    return { redis, executor, procs };
  },
  one: (ctx) => ctx.executor.submit(noop),
  many: (ctx, n) => Promise.all(Array.from({ length: n }, () => ctx.executor.submit(noop))),
  async stop(ctx) {
    await ctx.executor.shutdown();
    await Promise.all(ctx.procs.map((p) => p.stop()));
    await ctx.redis.stop();
  },
});
