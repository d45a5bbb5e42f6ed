// What the thread and process pools share: the Executor methods, all delegated to a WorkerPool.
import { _describe as describe, type Executor, type ShutdownOptions } from "@aio/core";
import type { ConcurrentFuture } from "./concurrent-future.js";
import { mapJobs } from "./executor-map.js";
import { checkOptionsObject, resolveOptions, type PoolExecutorOptions } from "./options.js";
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
  readonly #name: string;

  /**
   * @param name - which pool to make.
   * @throws TypeError if `options` is not an object, names an unknown option, or an option is not a number.
   * @throws RangeError if `maxWorkers` is not an integer \> 0 or `cancelGracePeriod` is not a
   * number of seconds from 0 to 2147483.
   */
  protected constructor(name: "ThreadPoolExecutor" | "ProcessPoolExecutor", options: PoolExecutorOptions | undefined) {
    if (!Object.hasOwn(POOL_KINDS, name)) {
      throw new TypeError(`PoolExecutor(name): expected "ThreadPoolExecutor" or "ProcessPoolExecutor", got ${describe(name)}; PoolExecutor is abstract`);
    }
    const { kind, defaultWorkers } = POOL_KINDS[name];
    const { maxWorkers, cancelGracePeriod } = resolveOptions(name, options, defaultWorkers());
    this.#name = name;
    this.#pool = new WorkerPool(kind, maxWorkers, cancelGracePeriod);
  }

  /** The most workers this pool runs at once. */
  get maxWorkers(): number {
    return PoolExecutor.#poolOf(this, "maxWorkers").maxWorkers;
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
    return PoolExecutor.#poolOf(this, "submit").submit(fn, args);
  }

  /**
   * Runs `fn` over the zipped `iterables` (stopping at the shortest) and yields the results in
   * input order. Every job is submitted at once, when `map` is called.
   * @remarks Cancellation: leaving the loop early (or an error from a job, which is thrown at its
   *   item) cancels the jobs that have not started.
   * @throws the same errors as `submit`, synchronously, also when there is nothing to map.
   * @throws TypeError if one of `iterables` is not iterable.
   */
  map<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...iterables: { [K in keyof A]: Iterable<A[K]> }
  ): AsyncIterableIterator<Awaited<R>> {
    const pool = PoolExecutor.#poolOf(this, "map");
    const code = pool.prepare(fn, "map");
    iterables.forEach((iterable: unknown, i) => {
      const iterator = (iterable as { [Symbol.iterator]?: unknown } | null | undefined)?.[Symbol.iterator];
      if (typeof iterator !== "function") {
        throw new TypeError(`${this.#name}.map(fn, ...iterables): iterables[${i}] is not iterable, got ${describe(iterable)}`);
      }
    });
    return mapJobs((args) => pool.submitJob<Awaited<R>>(code, args), iterables);
  }

  /**
   * Starts every worker (up to `maxWorkers`) and resolves once all are ready to take jobs, so that
   * start-up can be paid (or measured) before work is dispatched. Optional: workers also start on demand.
   * @remarks Cancellation: not cancellable; the workers keep starting.
   * @throws Error `"cannot start workers after shutdown"` after `shutdown()`, and
   *   {@link BrokenThreadPool} or {@link BrokenProcessPool} on a broken pool, synchronously; the
   *   promise rejects with the latter if a worker dies while starting.
   */
  start(): Promise<void> {
    return PoolExecutor.#poolOf(this, "start").start();
  }

  /**
   * Stops taking jobs and releases the workers once the queued and running jobs are done.
   * @remarks Cancellation: with `cancelFutures: true` queued jobs are cancelled (running ones
   *   finish); with `wait: false` it resolves at once and the pool winds down on its own. It always
   *   resolves, also on a broken pool, and may be called again.
   * @throws TypeError if `options` is not an object, names an unknown option, or `wait` or
   *   `cancelFutures` is not a boolean.
   */
  shutdown(options?: ShutdownOptions): Promise<void> {
    const pool = PoolExecutor.#poolOf(this, "shutdown");
    const given = checkOptionsObject(`${this.#name}.shutdown(options)`, options, SHUTDOWN_OPTIONS);
    const flag = (name: string, fallback: boolean): boolean => {
      const value = given[name];
      if (value === undefined) return fallback;
      if (typeof value !== "boolean") throw new TypeError(`${this.#name}.shutdown(${name}): expected a boolean, got ${describe(value)}`);
      return value;
    };
    return pool.shutdown(flag("wait", true), flag("cancelFutures", false));
  }

  /** `await using pool = new ThreadPoolExecutor()` (or a process pool) calls `shutdown({ wait: true })` at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** Describes the pool, e.g. `<ThreadPoolExecutor running maxWorkers=6 workers=2 busy=1 queued=0>`. */
  toString(): string {
    if (!(#pool in this)) return Object.prototype.toString.call(this);
    return this.#pool.toString();
  }

  /** The pool behind `self`, or a TypeError for a method called on something else (`list.map(pool.submit)`). */
  static #poolOf(self: unknown, method: string): WorkerPool {
    if (self === null || typeof self !== "object" || !(#pool in self)) {
      throw new TypeError(
        `PoolExecutor.${method}: called on ${describe(self)}, not a ThreadPoolExecutor or ProcessPoolExecutor; ` +
          `call it on the pool (pool.${method}) or bind it`,
      );
    }
    return (self as PoolExecutor).#pool;
  }
}

const SHUTDOWN_OPTIONS: ReadonlySet<string> = new Set(["wait", "cancelFutures"]);
