/**
 * Thread and process pools for blocking and CPU-bound work (`concurrent.futures`), and the bridge
 * that lets \@aio coroutines await them.
 *
 * @packageDocumentation
 */
export { ConcurrentFuture } from "./concurrent-future.js";
export { PoolExecutor } from "./pool-executor.js";
export { ThreadPoolExecutor } from "./thread-pool-executor.js";
export { ProcessPoolExecutor } from "./process-pool-executor.js";
export type { PoolExecutorOptions } from "./options.js";
export { BrokenThreadPool, BrokenProcessPool } from "./broken.js";
export { fromModule } from "./from-module.js";
export type { ModuleTask } from "./from-module.js";
export { jobSignal } from "./job-signal.js";
export { wrapFuture } from "./wrap-future.js";
export type { WrapFutureOptions } from "./wrap-future.js";
export { toThread } from "./to-thread.js";
// The pieces other \@aio executors reuse are in `@aio/executor/internal` (not re-exported by the
// umbrella \@aio/asyncio).
