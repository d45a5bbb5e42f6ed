/**
 * The browser build of \@aio/executor, chosen by bundlers through the `"browser"` export condition:
 * the parts that need no Node built-ins. The thread and process pools (`ThreadPoolExecutor`,
 * `ProcessPoolExecutor`, `PoolExecutor`, `toThread`) are Node-only and not here; in a browser,
 * `WebWorkerExecutor` from \@aio/executor-web runs jobs on Web Workers.
 *
 * @packageDocumentation
 */
export { ConcurrentFuture } from "./concurrent-future.js";
export { BrokenThreadPool, BrokenProcessPool } from "./broken.js";
export { fromModule } from "./from-module-web.js";
export type { ModuleTask } from "./from-module.js";
export { jobSignal } from "./job-signal.js";
export { wrapFuture } from "./wrap-future.js";
export type { WrapFutureOptions } from "./wrap-future.js";

// The pieces \@aio/executor-web reuses are in `@aio/executor/internal` (its browser build).
