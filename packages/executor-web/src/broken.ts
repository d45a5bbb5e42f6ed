// The "broken" error of the Web Worker pool: a worker died, so the pool cannot promise to run anything.
import { BrokenExecutorError } from "@aio/core";

/**
 * A {@link WebWorkerExecutor} can no longer run work because one of its workers died: an uncaught
 * error in the worker (outside a job's own call, e.g. in a timer a job left behind, or a promise it
 * left to reject unhandled), a worker script that failed to load, or a job that closed its worker.
 *
 * @remarks
 * Thrown by `submit()` once the pool is broken, and set on every future that was queued or running
 * when it broke (CPython's `BrokenThreadPool` rule). `cause` holds what killed the worker.
 * @public
 */
export class BrokenWebWorkerPool extends BrokenExecutorError {}
// Like \@aio/core: the name lives on the prototype, so stack headers say which error it is.
Object.defineProperty(BrokenWebWorkerPool.prototype, "name", { value: "BrokenWebWorkerPool", writable: true, configurable: true });
