// The pool-specific "broken" errors: a worker died, so the pool cannot promise to run anything.
import { BrokenExecutorError } from "@aio/core";

function named<T extends { prototype: Error }>(cls: T, name: string): T {
  // Like \@aio/core: the name lives on the prototype, so stack headers say which error it is.
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  return cls;
}

/**
 * A {@link ThreadPoolExecutor} can no longer run work because one of its worker threads died
 * (`concurrent.futures.thread.BrokenThreadPool`).
 *
 * @remarks
 * Thrown by `submit()` once the pool is broken, and set on every future that was queued or running
 * when it broke. `cause` holds what killed the thread, where known (an uncaught error, or an Error
 * naming the exit code).
 * @public
 */
export class BrokenThreadPool extends BrokenExecutorError {}
named(BrokenThreadPool, "BrokenThreadPool");

/**
 * A {@link ProcessPoolExecutor} can no longer run work because one of its child processes exited
 * (`concurrent.futures.process.BrokenProcessPool`).
 *
 * @remarks
 * Thrown by `submit()` once the pool is broken, and set on every future that was queued or running
 * when it broke. `cause` holds an Error naming the exit code or signal.
 * @public
 */
export class BrokenProcessPool extends BrokenExecutorError {}
named(BrokenProcessPool, "BrokenProcessPool");
