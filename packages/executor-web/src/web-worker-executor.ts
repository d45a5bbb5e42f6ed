// WebWorkerExecutor: concurrent.futures' Executor API over a pool of Web Workers.
import { _describe as describe, type Executor, type ShutdownOptions } from "@aio/core";
import type { ConcurrentFuture } from "@aio/executor";
import { _checkOptionsObject as checkOptionsObject, _mapJobs as mapJobs } from "@aio/executor/internal";
import { resolveOptions, type WebWorkerExecutorOptions } from "./options.js";
import { WebWorkerPool } from "./web-worker-pool.js";

const SHUTDOWN_OPTIONS: ReadonlySet<string> = new Set(["wait", "cancelFutures"]);

/**
 * Runs jobs on a pool of Web Workers: the browser's `ProcessPoolExecutor` (no asyncio equivalent;
 * the same `Executor` contract as \@aio/executor's pools).
 *
 * @remarks
 * A job is either a self-contained function, sent by its source (one that uses variables from
 * outside its body is refused by `submit` with a TypeError that names them; it may use the globals
 * every Web Worker has, and `jobSignal()`), or a module task made by `fromModule(url, exportName)`
 * from \@aio/executor, which the worker imports (any `http(s):`, `blob:` or `data:` module the page
 * may load). Arguments and results cross by structured clone. An error thrown by a job reaches its
 * future with its class (for built-in errors), message, stack and fields.
 *
 * A worker that dies (an uncaught error outside the job's own call, a promise the job left to
 * reject unhandled, a job that called `close()`, a worker script that failed to load) breaks the
 * pool: every queued or running future fails with {@link BrokenWebWorkerPool}, and so does every
 * later `submit`.
 *
 * Cancellation: `cancel()` on a job's future stops it if it has not started; `abort()` (called for
 * you when the loop future of `loop.runInExecutor` or `wrapFuture` is cancelled) also stops a
 * running job: its `jobSignal()` is aborted, and if it has not ended after `cancelGracePeriod`
 * seconds its worker is terminated and replaced.
 * @example
 * ```ts
 * await using pool = new WebWorkerExecutor({ maxWorkers: 4 });
 * const primes = await pool.submit((n: number) => {
 *   let count = 0;
 *   for (let i = 2; i < n; i++) { let p = true; for (let d = 2; d * d <= i; d++) if (i % d === 0) { p = false; break; } if (p) count++; }
 *   return count;
 * }, 100_000);
 * console.log(primes); // 9592
 * ```
 * @public
 */
export class WebWorkerExecutor implements Executor {
  readonly #pool: WebWorkerPool;

  /**
   * Makes the pool; workers start on demand (or with `start()`).
   * @throws TypeError if `options` is not an object, names an unknown option, or an option has the wrong type.
   * @throws RangeError if `maxWorkers` is not an integer \> 0 or `cancelGracePeriod` is not a
   * number of seconds from 0 to 2147483.
   */
  constructor(options?: WebWorkerExecutorOptions) {
    this.#pool = new WebWorkerPool(resolveOptions(options));
  }

  /** The most workers this pool runs at once. */
  get maxWorkers(): number {
    return WebWorkerExecutor.#poolOf(this, "maxWorkers").maxWorkers;
  }

  /**
   * Schedules `fn(...args)` on a worker and returns its future.
   * @remarks Cancellation: see the class; `cancel()` on the future stops a queued job, `abort()` a running one.
   * @throws TypeError if `fn` uses variables from outside its body (the message names them), or is
   *   native, bound, a class, or not a function or module task.
   * @throws {@link BrokenWebWorkerPool} if a worker of the pool died.
   * @throws Error `"cannot schedule new futures after shutdown"` after `shutdown()`.
   */
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): ConcurrentFuture<Awaited<R>> {
    const pool = WebWorkerExecutor.#poolOf(this, "submit");
    return pool.submitJob(pool.prepare(fn, "submit"), args);
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
    const pool = WebWorkerExecutor.#poolOf(this, "map");
    const code = pool.prepare(fn, "map");
    iterables.forEach((iterable: unknown, i) => {
      const iterator = (iterable as { [Symbol.iterator]?: unknown } | null | undefined)?.[Symbol.iterator];
      if (typeof iterator !== "function") {
        throw new TypeError(`WebWorkerExecutor.map(fn, ...iterables): iterables[${i}] is not iterable, got ${describe(iterable)}`);
      }
    });
    return mapJobs((args) => pool.submitJob<Awaited<R>>(code, args), iterables);
  }

  /**
   * Starts every worker (up to `maxWorkers`) and resolves once all are ready to take jobs.
   * Optional: workers also start on demand.
   * @remarks Cancellation: not cancellable; the workers keep starting.
   * @throws Error `"cannot start workers after shutdown"` after `shutdown()`, and
   *   {@link BrokenWebWorkerPool} on a broken pool, synchronously; the promise rejects with the
   *   latter if a worker dies while starting (for instance when its script cannot load).
   */
  start(): Promise<void> {
    return WebWorkerExecutor.#poolOf(this, "start").start();
  }

  /**
   * Stops taking jobs and terminates the workers once the queued and running jobs are done.
   * @remarks Cancellation: with `cancelFutures: true` queued jobs are cancelled (running ones
   *   finish); with `wait: false` it resolves at once and the pool winds down on its own. It always
   *   resolves, also on a broken pool, and may be called again.
   * @throws TypeError if `options` is not an object, names an unknown option, or `wait` or
   *   `cancelFutures` is not a boolean.
   */
  shutdown(options?: ShutdownOptions): Promise<void> {
    const pool = WebWorkerExecutor.#poolOf(this, "shutdown");
    const given = checkOptionsObject("WebWorkerExecutor.shutdown(options)", options, SHUTDOWN_OPTIONS);
    const flag = (name: string, fallback: boolean): boolean => {
      const value = given[name];
      if (value === undefined) return fallback;
      if (typeof value !== "boolean") throw new TypeError(`WebWorkerExecutor.shutdown(${name}): expected a boolean, got ${describe(value)}`);
      return value;
    };
    return pool.shutdown(flag("wait", true), flag("cancelFutures", false));
  }

  /** `await using pool = new WebWorkerExecutor()` calls `shutdown({ wait: true })` at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** Describes the pool, e.g. `<WebWorkerExecutor running maxWorkers=4 workers=2 busy=1 queued=0>`. */
  toString(): string {
    if (!(#pool in this)) return Object.prototype.toString.call(this);
    return this.#pool.toString();
  }

  /** The pool behind `self`, or a TypeError for a method called on something else (`list.map(pool.submit)`). */
  static #poolOf(self: unknown, method: string): WebWorkerPool {
    if (self === null || typeof self !== "object" || !(#pool in self)) {
      throw new TypeError(
        `WebWorkerExecutor.${method}: called on ${describe(self)}, not a WebWorkerExecutor; call it on the pool (pool.${method}) or bind it`,
      );
    }
    return (self as WebWorkerExecutor).#pool;
  }
}
