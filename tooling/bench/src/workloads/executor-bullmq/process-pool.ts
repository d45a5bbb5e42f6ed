// executor-bullmq row, for scale: the local @aio ProcessPoolExecutor with as many workers, the
// same no-op function sent by its source. No Redis, no network: the floor a distributed executor
// cannot reach.
import { ProcessPoolExecutor } from "@aio/executor";
import { measureDistributed } from "./procedure.mjs";

const noop = (): number => 0;

await measureDistributed<ProcessPoolExecutor>("process-pool", {
  async start(workers) {
    const pool = new ProcessPoolExecutor({ maxWorkers: workers });
    await pool.start();
    return pool;
  },
  one: (pool) => pool.submit(noop),
  many: (pool, n) => Promise.all(Array.from({ length: n }, () => pool.submit(noop))),
  stop: (pool) => pool.shutdown(),
});
