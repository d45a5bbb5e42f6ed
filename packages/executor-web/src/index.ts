/**
 * A Web Worker pool for \@aio in the browser: `WebWorkerExecutor`, with the `Executor` contract of
 * \@aio/executor's thread and process pools (module tasks with `fromModule`, `jobSignal()` in jobs,
 * `wrapFuture` and `loop.runInExecutor` come from \@aio/executor, whose browser build has them).
 *
 * @packageDocumentation
 */
export { WebWorkerExecutor } from "./web-worker-executor.js";
export type { WebWorkerExecutorOptions } from "./options.js";
export { BrokenWebWorkerPool } from "./broken.js";
export { startWorkerRuntime } from "./worker-main.js";
