// concurrent.futures.ThreadPoolExecutor on node:worker_threads.
import type { PoolExecutorOptions } from "./options.js";
import { PoolExecutor } from "./pool-executor.js";

/**
 * Runs jobs on a pool of worker threads (`concurrent.futures.ThreadPoolExecutor`); the default
 * executor of `loop.runInExecutor(null, ...)` and `toThread`.
 *
 * @remarks
 * A job is a self-contained function, sent to the worker by its source (it may use only its
 * parameters, its own declarations and JavaScript/Node globals; `submit` refuses one that uses an
 * outer variable and names it), or a module task made by {@link fromModule}. Arguments and results
 * cross by structured clone. Unlike Python threads, worker threads share no memory with the caller
 * (pass a `SharedArrayBuffer` to share), so they suit blocking and CPU-bound work alike.
 *
 * Workers start on demand, up to `maxWorkers`, and an idle pool does not keep the process alive.
 * A job that throws fails only its own future. A thread that dies (`process.exit()` in a job, an
 * error thrown outside any job) breaks the pool: every queued or running future fails with
 * {@link BrokenThreadPool}, and so does every later `submit`.
 *
 * Cancellation: `future.cancel()` cancels a queued job, which then never runs. `future.abort()` —
 * called for you when the loop future of `runInExecutor`/`toThread`/`wrapFuture` is cancelled —
 * also stops a running job: its `jobSignal()` is aborted, and if it has not ended after
 * `cancelGracePeriod` seconds its thread is terminated and replaced (CPython cannot stop a
 * running thread at all).
 * @example
 * ```ts
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const square = (x: number) => x * x;
 * for await (const y of pool.map(square, [1, 2, 3])) console.log(y); // 1 4 9
 * ```
 * @public
 */
export class ThreadPoolExecutor extends PoolExecutor {
  /**
   * @param options - `maxWorkers` and `cancelGracePeriod`; `null` or a missing option means the default.
   * @throws TypeError if `options` is not an object, names an unknown option, or an option is not a number.
   * @throws RangeError if `maxWorkers` is not an integer \> 0 or `cancelGracePeriod` is not a
   * number of seconds from 0 to 2147483.
   */
  constructor(options: PoolExecutorOptions = {}) {
    super("ThreadPoolExecutor", options);
  }
}
