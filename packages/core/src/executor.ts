/**
 * A future of `concurrent.futures`: not bound to any loop, completed by an executor.
 * @public
 */
export interface ConcurrentFutureLike<T> extends PromiseLike<T> {
  /** Cancels the job if it has not started; true if it is (now) cancelled. */
  cancel(): boolean;
  /** True if the job was cancelled. */
  cancelled(): boolean;
  /** True while the job runs. */
  running(): boolean;
  /** True once the job finished or was cancelled. */
  done(): boolean;
  /** The job's value; throws its error, `CancelledError`, or `InvalidStateError` while pending. */
  result(): T;
  /** The job's error or null; throws `CancelledError`, or `InvalidStateError` while pending. */
  exception(): unknown;
  /** Calls `fn(future)` as soon as the job completes (at once if it already has). */
  addDoneCallback(fn: (future: ConcurrentFutureLike<T>) => void): void;
}

/**
 * Options for {@link Executor.shutdown}.
 * @public
 */
export interface ShutdownOptions {
  /** Wait for running and queued jobs to finish. @defaultValue true */
  wait?: boolean | undefined;
  /** Cancel jobs that have not started. @defaultValue false */
  cancelFutures?: boolean | undefined;
}

/**
 * Runs functions elsewhere (threads, processes): `concurrent.futures.Executor`.
 * @public
 */
export interface Executor {
  /** Schedules `fn(...args)`; returns its future. */
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): ConcurrentFutureLike<Awaited<R>>;
  /** Runs `fn` over the zipped iterables; yields results in input order. */
  map<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...iterables: { [K in keyof A]: Iterable<A[K]> }
  ): AsyncIterable<Awaited<R>>;
  /** Stops accepting work and releases the workers. */
  shutdown(options?: ShutdownOptions): PromiseLike<void>;
}
