// executor-bullmq row: BullMQ used directly, no @aio layer. Jobs go in with Queue.add/addBulk,
// results come back through QueueEvents 'completed' events, workers are plain BullMQ Workers in
// their own processes (bullmq-worker.mjs) with the same concurrency as the @aio row's.
import { fileURLToPath } from "node:url";
import { Queue, QueueEvents } from "bullmq";
import { measureDistributed } from "./procedure.mjs";
import { startProcess, startRedis } from "./processes.mjs";

const WORKER = fileURLToPath(new URL("./bullmq-worker.mjs", import.meta.url));
const CONCURRENCY = 8;
let nextId = 1;

await measureDistributed("bullmq", {
  async start(workers) {
    const redis = await startRedis();
    const connection = { host: "127.0.0.1", port: redis.port };
    // The same event-stream length as BullMQExecutor sets: 10,000 (the default) loses the events of
    // a few thousand jobs when the reader falls behind.
    const queue = new Queue("bench", { connection, streams: { events: { maxLen: 100_000 } } });
    const events = new QueueEvents("bench", { connection });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const waiting = new Map();
    events.on("completed", ({ jobId, returnvalue }) => {
      const resolve = waiting.get(jobId);
      if (resolve !== undefined) {
        waiting.delete(jobId);
        resolve(returnvalue);
      }
    });
    const procs = await Promise.all(Array.from({ length: workers }, () => startProcess(WORKER, [String(redis.port), "bench", String(CONCURRENCY)])));
    const opts = { removeOnComplete: true, removeOnFail: true };
    const result = (jobId) => new Promise((resolve) => waiting.set(jobId, resolve));
    return { redis, queue, events, procs, opts, result };
  },
  one(ctx) {
    const jobId = `j${nextId++}`;
    const done = ctx.result(jobId);
    void ctx.queue.add("noop", { i: 0 }, { ...ctx.opts, jobId });
    return done;
  },
  many(ctx, n) {
    const jobs = [];
    const done = [];
    for (let i = 0; i < n; i++) {
      const jobId = `j${nextId++}`;
      done.push(ctx.result(jobId));
      jobs.push({ name: "noop", data: { i }, opts: { ...ctx.opts, jobId } });
    }
    for (let i = 0; i < jobs.length; i += 1000) void ctx.queue.addBulk(jobs.slice(i, i + 1000));
    return Promise.all(done);
  },
  async stop(ctx) {
    await Promise.all(ctx.procs.map((p) => p.stop()));
    await ctx.events.close();
    await ctx.queue.close();
    await ctx.redis.stop();
  },
});
