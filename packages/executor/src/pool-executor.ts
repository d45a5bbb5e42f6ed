// What the thread and process pools share: the Executor methods, all delegated to a WorkerPool.
import type { Executor, ShutdownOptions } from "@aio/core";
import type { ConcurrentFuture } from "./concurrent-future.js";
import { mapJobs } from "./executor-map.js";
import { resolveOptions, type PoolExecutorOptions } from "./options.js";
import { POOL_KINDS } from "./pool-kinds.js";
import { WorkerPool } from "./worker-pool.js";

/**
 * The base of {@link ThreadPoolExecutor} and {@link ProcessPoolExecutor}: `concurrent.futures`'
 * Executor API over a pool of workers (threads or processes).
 *
 * @remarks
 * Cancellation: `cancel()` on a job's future stops it if it has not started; `abort()` (called for
 * you when the loop future of `runInExecutor`/`toThread`/`wrapFuture` is cancelled) also stops a
 * running job: its `jobSignal()` is aborted, and if it has not ended after `cancelGracePeriod`
 * seconds its worker is terminated and replaced (CPython cannot stop a running job).
 * @public
 */
export abstract class PoolExecutor implements Executor {
  readonly #pool: WorkerPool;

  /**
   * @param name - which pool to make.
   * @throws RangeError if `maxWorkers` is not an integer \> 0 or `cancelGracePeriod` is not a
   * finite number \>= 0.
   */
  protected constructor(name: "ThreadPoolExecutor" | "ProcessPoolExecutor", options: PoolExecutorOptions) {
    const { kind, defaultWorkers } = POOL_KINDS[name];
    const { maxWorkers, cancelGracePeriod } = resolveOptions(name, options, defaultWorkers());
    this.#pool = new WorkerPool(kind, maxWorkers, cancelGracePeriod);
  }

  /** The most workers this pool runs at once. */
  get maxWorkers(): number {
    return this.#pool.maxWorkers;
  }

  /**
   * Schedules `fn(...args)` on a worker and returns its future.
   * @remarks Cancellation: see the class; `cancel()` on the future stops a queued job, `abort()` a running one.
   * @throws TypeError if `fn` uses variables from outside its body (the message names them), or is
   *   native, bound, a class, or not a function or module task.
   * @throws {@link BrokenThreadPool} or {@link BrokenProcessPool} if a worker of the pool died.
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
   * Stops taking jobs and releases the workers once the queued and running jobs are done.
   * @remarks Cancellation: with `cancelFutures: true` queued jobs are cancelled (running ones
   *   finish); with `wait: false` it resolves at once and the pool winds down on its own. It always
   *   resolves, also on a broken pool, and may be called again.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    return this.#pool.shutdown(options.wait ?? true, options.cancelFutures ?? false);
  }

  /** `await using pool = new ThreadPoolExecutor()` (or a process pool) calls `shutdown({ wait: true })` at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** Describes the pool, e.g. `<ThreadPoolExecutor running maxWorkers=6 workers=2 busy=1 queued=0>`. */
  toString(): string {
    return this.#pool.toString();
  }
}
