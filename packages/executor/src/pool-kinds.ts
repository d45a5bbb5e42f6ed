// The two kinds of worker pool: how a worker starts and what a broken pool says.
import { BrokenProcessPool, BrokenThreadPool } from "./broken.js";
import { defaultProcessWorkers, defaultThreadWorkers } from "./default-workers.js";
import { spawnProcess } from "./process-worker.js";
import { spawnThread } from "./thread-worker.js";
import type { PoolKind } from "./worker-pool.js";

const THREADS: PoolKind = {
  name: "ThreadPoolExecutor",
  spawn: spawnThread,
  Broken: BrokenThreadPool,
  brokenWhileRunning: "A thread in the thread pool was terminated abruptly while the future was running or pending.",
  brokenUnusable: "A thread in the pool terminated abruptly, the thread pool is not usable anymore",
};

const PROCESSES: PoolKind = {
  name: "ProcessPoolExecutor",
  spawn: spawnProcess,
  Broken: BrokenProcessPool,
  brokenWhileRunning: "A process in the process pool was terminated abruptly while the future was running or pending.",
  brokenUnusable: "A child process terminated abruptly, the process pool is not usable anymore",
};

/** @internal A pool kind and its default worker count, by executor name. */
export const POOL_KINDS = {
  ThreadPoolExecutor: { kind: THREADS, defaultWorkers: defaultThreadWorkers },
  ProcessPoolExecutor: { kind: PROCESSES, defaultWorkers: defaultProcessWorkers },
} as const;
