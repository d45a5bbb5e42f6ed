// concurrent.futures.ThreadPoolExecutor on node:worker_threads.
import type { Executor, ShutdownOptions } from "@aio/core";
import { BrokenThreadPool } from "./broken.js";
import type { ConcurrentFuture } from "./concurrent-future.js";
import { mapJobs } from "./executor-map.js";
import { defaultThreadWorkers, resolveOptions, type PoolExecutorOptions } from "./options.js";
import { spawnThread } from "./thread-worker.js";
import { WorkerPool, type PoolKind } from "./worker-pool.js";

const THREADS: PoolKind = {
  name: "ThreadPoolExecutor",
  spawn: spawnThread,
  Broken: BrokenThreadPool,
  brokenWhileRunning: "A thread in the thread pool was terminated abruptly while the future was running or pending.",
  brokenUnusable: "A thread in the pool terminated abruptly, the thread pool is not usable anymore",
};

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
export class ThreadPoolExecutor implements Executor {
  readonly #pool: WorkerPool;

  /**
   * @throws RangeError if `maxWorkers` is not an integer \> 0 or `cancelGracePeriod` is not a
   * finite number \>= 0.
   */
  constructor(options: PoolExecutorOptions = {}) {
    const { maxWorkers, cancelGracePeriod } = resolveOptions("ThreadPoolExecutor", options, defaultThreadWorkers());
    this.#pool = new WorkerPool(THREADS, maxWorkers, cancelGracePeriod);
  }

  /** The most threads this pool runs at once. */
  get maxWorkers(): number {
    return this.#pool.maxWorkers;
  }

  /**
   * Schedules `fn(...args)` on a worker thread and returns its future.
   * @remarks Cancellation: see the class; `cancel()` on the future stops a queued job, `abort()` a running one.
   * @throws TypeError if `fn` uses variables from outside its body (the message names them), or is
   *   native, bound, a class, or not a function or module task.
   * @throws {@link BrokenThreadPool} if a thread of the pool died.
   * @throws Error `"cannot schedule new futures after shutdown"` after `shutdown()`.
   */
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): ConcurrentFuture<Awaited<R>> {
    return this.#pool.submit(fn, args);
  }

  /**
   * Runs `fn` over the zipped `iterables` (stopping at the shortest) and yields the results in
   * input order. Every job is submitted at once, when `map` is called.
   * @remarks Cancellation: leaving the loop early (or an error from a job, which is thrown at its
   *   item) cancels the jobs that have not started.
   * @throws the same errors as `submit`, synchronously.
   */
  map<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...iterables: { [K in keyof A]: Iterable<A[K]> }
  ): AsyncIterableIterator<Awaited<R>> {
    return mapJobs((args) => this.#pool.submit<Awaited<R>>(fn, args), iterables);
  }

  /**
   * Starts every worker (up to `maxWorkers`) and resolves once all are ready to take jobs, so that
   * start-up can be paid (or measured) before work is dispatched. Optional: workers also start on demand.
   * @remarks Cancellation: not cancellable; the workers keep starting.
   */
  start(): Promise<void> {
    return this.#pool.start();
  }

  /**
   * Stops taking jobs and releases the threads once the queued and running jobs are done.
   * @remarks Cancellation: with `cancelFutures: true` queued jobs are cancelled (running ones
   *   finish); with `wait: false` it resolves at once and the pool winds down on its own. It always
   *   resolves, also on a broken pool, and may be called again.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    return this.#pool.shutdown(options.wait ?? true, options.cancelFutures ?? false);
  }

  /** `await using pool = new ThreadPoolExecutor()` calls `shutdown({ wait: true })` at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** Describes the pool: `<ThreadPoolExecutor running maxWorkers=6 workers=2 busy=1 queued=0>`. */
  toString(): string {
    return this.#pool.toString();
  }
}
