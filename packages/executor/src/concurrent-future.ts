// concurrent.futures.Future: a loop-independent future, completed by an executor from outside any
// event loop. Unlike an \@aio Future its done callbacks run synchronously when it completes.
import { _describe as describe, CancelledError, InvalidStateError, type ConcurrentFutureLike } from "@aio/core";

type State = "pending" | "running" | "cancelled" | "finished";

type DoneCallback<T> = (future: ConcurrentFuture<T>) => void;

/**
 * The future of a job submitted to an executor (`concurrent.futures.Future`): not bound to any
 * event loop, and awaitable directly (it is PromiseLike).
 *
 * @remarks
 * A future is `pending` while queued, `running` once a worker has taken it, and then either
 * `finished` (with a result or an error) or `cancelled`. Executors create futures; user code
 * normally only reads them, awaits them, or turns them into loop futures with {@link wrapFuture}.
 *
 * Differences from an \@aio `Future`: done callbacks run synchronously in the turn that completes
 * the future (at once if it is already done); `cancel()` cannot stop a running job and returns
 * `true` again for a future that is already cancelled; {@link ConcurrentFuture.abort} also
 * reaches a running job.
 *
 * Cancellation: `cancel()` cancels a job that has not started, and the job then never runs.
 * `abort()` does the same and, for a job already running, asks the executor to stop it.
 * @example
 * ```ts
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const cf = pool.submit((a: number, b: number) => a + b, 1, 2);
 * console.log(await cf, cf.done()); // 3 true
 * ```
 * @public
 */
export class ConcurrentFuture<T> implements ConcurrentFutureLike<T> {
  #state: State = "pending";
  #result: T | undefined = undefined;
  #failed = false;
  #exception: unknown = null;
  #callbacks: DoneCallback<T>[] = [];
  #promise: Promise<T> | null = null;
  /**
   * Set by the executor that runs the job: stops it while running. Null when the owner cannot.
   * @internal
   */
  _abortHandler: ((reason: unknown) => void) | null = null;

  /**
   * Cancels the job if it has not started yet (`Future.cancel`).
   * @returns `false` if the job is running or finished; `true` if it is now cancelled, or was
   * already (CPython's rule, unlike an \@aio `Future`).
   * @remarks Cancellation: a cancelled job never runs; done callbacks run at once.
   */
  cancel(): boolean {
    ConcurrentFuture.#check(this, "cancel");
    if (this.#state === "running" || this.#state === "finished") return false;
    if (this.#state === "cancelled") return true;
    this.#state = "cancelled";
    this.#invokeCallbacks();
    return true;
  }

  /**
   * Cancels the job even if it is already running (no asyncio equivalent).
   *
   * @remarks
   * Cancellation: a pending job is cancelled as by `cancel()`. For a running job the future is
   * cancelled at once and its owner is told to stop the job: an executor of this package aborts
   * the job's `jobSignal()` and replaces the worker if the job has not ended after the executor's
   * `cancelGracePeriod`. `wrapFuture` (and so `loop.runInExecutor` and `toThread`) calls this when
   * the loop future is cancelled.
   * @param reason - Passed to the job's AbortSignal as `signal.reason`.
   * @returns `true` if the future is (now) cancelled; `false` if it finished, or is running under
   * an owner that cannot stop it.
   */
  abort(reason?: unknown): boolean {
    ConcurrentFuture.#check(this, "abort");
    if (this.#state !== "running") return this.cancel();
    const handler = this._abortHandler;
    if (handler === null) return false;
    this.#state = "cancelled";
    this._abortHandler = null;
    handler(reason ?? new CancelledError("the job was cancelled"));
    this.#invokeCallbacks();
    return true;
  }

  /** True if the job was cancelled. */
  cancelled(): boolean {
    ConcurrentFuture.#check(this, "cancelled");
    return this.#state === "cancelled";
  }

  /** True while a worker runs the job. */
  running(): boolean {
    ConcurrentFuture.#check(this, "running");
    return this.#state === "running";
  }

  /** True once the job finished (with a result or an error) or was cancelled. */
  done(): boolean {
    ConcurrentFuture.#check(this, "done");
    return this.#state === "finished" || this.#state === "cancelled";
  }

  /**
   * The job's return value.
   * @throws the job's error if it failed
   * @throws {@link @aio/core#CancelledError} if the future was cancelled
   * @throws {@link @aio/core#InvalidStateError} while the job is pending or running (this never blocks)
   */
  result(): T {
    ConcurrentFuture.#check(this, "result");
    this.#checkDone("result");
    if (this.#failed) throw this.#exception;
    return this.#result as T;
  }

  /**
   * The job's error, or `null` if it succeeded.
   * @throws {@link @aio/core#CancelledError} if the future was cancelled
   * @throws {@link @aio/core#InvalidStateError} while the job is pending or running (this never blocks)
   */
  exception(): unknown {
    ConcurrentFuture.#check(this, "exception");
    this.#checkDone("exception");
    return this.#failed ? this.#exception : null;
  }

  /**
   * Calls `fn(future)` as soon as the future is done, synchronously in the turn that completes it
   * (at once if it is already done). An error thrown by `fn` is logged and does not stop the
   * other callbacks.
   * @throws TypeError if `fn` is not a function.
   */
  addDoneCallback(fn: (future: ConcurrentFuture<T>) => void): void {
    ConcurrentFuture.#check(this, "addDoneCallback");
    if (typeof fn !== "function") {
      throw new TypeError(`ConcurrentFuture.addDoneCallback(fn): expected a function, got ${describe(fn)}`);
    }
    if (this.done()) this.#call(fn);
    else this.#callbacks.push(fn);
  }

  /**
   * Lets `await cf` work: resolves with the result, rejects with the error (or a `CancelledError`).
   * @remarks Cancellation: awaiting does not cancel the job; use `cancel()` or `abort()`.
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    ConcurrentFuture.#check(this, "then");
    this.#promise ??= new Promise<T>((resolve, reject) => {
      this.addDoneCallback((f) => {
        try {
          resolve(f.result());
        } catch (error) {
          reject(error);
        }
      });
    });
    return this.#promise.then(onfulfilled, onrejected);
  }

  /**
   * For executors: marks the job as taken by a worker (`set_running_or_notify_cancel`).
   * @returns `false` if the future was cancelled (the job must then not run), `true` if it is now running.
   * @throws Error `"Future in unexpected state"` if the future is running or finished already (CPython's RuntimeError).
   */
  setRunningOrNotifyCancel(): boolean {
    ConcurrentFuture.#check(this, "setRunningOrNotifyCancel");
    if (this.#state === "cancelled") return false;
    if (this.#state !== "pending") throw new Error(`ConcurrentFuture.setRunningOrNotifyCancel(): Future in unexpected state: ${this}`);
    this.#state = "running";
    return true;
  }

  /**
   * For executors: completes the future with the job's value and runs the done callbacks.
   * @throws {@link @aio/core#InvalidStateError} if the future is already finished or cancelled.
   */
  setResult(value: T): void {
    ConcurrentFuture.#check(this, "setResult");
    this.#checkSettable("setResult");
    this.#result = value;
    this.#finish();
  }

  /**
   * For executors: completes the future with the job's error and runs the done callbacks. An Error
   * subclass (the class itself) is instantiated, as by an \@aio `Future`.
   * @throws {@link @aio/core#InvalidStateError} if the future is already finished or cancelled.
   * @throws TypeError if `error` is undefined or null: `exception()` returns null for a future that
   *   succeeded, so neither could be told apart from success (an \@aio `Future` refuses undefined
   *   the same way; CPython refuses `set_exception(None)` on an asyncio future).
   */
  setException(error: unknown): void {
    ConcurrentFuture.#check(this, "setException");
    this.#checkSettable("setException");
    if (typeof error === "function" && (error === Error || error.prototype instanceof Error)) {
      error = new (error as new () => Error)();
    }
    if (error === undefined || error === null) {
      throw new TypeError(`ConcurrentFuture.setException(error): error must not be ${String(error)}`);
    }
    this.#failed = true;
    this.#exception = error;
    this.#finish();
  }

  /** A short description with the state, like `<ConcurrentFuture finished returned number>`. */
  toString(): string {
    if (!(#state in this)) return Object.prototype.toString.call(this);
    if (this.#state !== "finished") return `<ConcurrentFuture ${this.#state}>`;
    if (this.#failed) return `<ConcurrentFuture finished raised ${errorName(this.#exception)}>`;
    return `<ConcurrentFuture finished returned ${typeName(this.#result)}>`;
  }

  /** @internal Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Methods called on something that is not a ConcurrentFuture (`promise.then(cf.result)`) say so. */
  static #check(self: unknown, method: string): void {
    if (self === null || typeof self !== "object" || !(#state in self)) {
      throw new TypeError(
        `ConcurrentFuture.${method}(): called on ${describe(self)}, not a ConcurrentFuture; call it as future.${method}(...)`,
      );
    }
  }

  #checkDone(what: string): void {
    if (this.#state === "cancelled") throw new CancelledError();
    if (this.#state !== "finished") throw new InvalidStateError(`${what}() is not available yet: ${this}`);
  }

  #checkSettable(what: string): void {
    if (this.#state === "finished" || this.#state === "cancelled") {
      throw new InvalidStateError(`${what}(): the future is already done: ${this}`);
    }
  }

  #finish(): void {
    this.#state = "finished";
    this._abortHandler = null;
    this.#invokeCallbacks();
  }

  #invokeCallbacks(): void {
    const callbacks = this.#callbacks;
    this.#callbacks = [];
    for (const fn of callbacks) this.#call(fn);
  }

  #call(fn: DoneCallback<T>): void {
    try {
      fn(this);
    } catch (error) {
      // CPython logs and carries on ("exception calling callback for <Future>").
      console.error(`exception calling callback for ${this}`, error);
    }
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeName(error);
}
