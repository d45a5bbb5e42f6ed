import {
  CancelledError,
  FUTURE,
  InvalidStateError,
  _checkLoop,
  _isEventLoop,
  _toText,
  getEventLoop,
  type EventLoop,
  type FutureLike,
} from "@aio/core";
import { Context, _captureContext } from "@aio/contextvars";
import { ContextCallback } from "./context-callback.js";
import { FutureIterator } from "./future-iterator.js";
import { forgetUnretrieved, watchUnretrieved, type Unretrieved } from "./never-retrieved.js";
import { CANCELLED, FINISHED, PENDING, stateName } from "./state.js";
import { awaitHook } from "./await-hook.js";
import { describe, repr } from "./describe.js";
import { ThenWaiter } from "./then-waiter.js";

/**
 * Options for {@link Future}.
 * @public
 */
export interface FutureOptions {
  /** The loop the future belongs to. @defaultValue `getEventLoop()` */
  loop?: EventLoop | undefined;
}

/**
 * Options for {@link Future.addDoneCallback}.
 * @public
 */
export interface DoneCallbackOptions {
  /**
   * The context the callback runs in (a `Context` of \@aio/contextvars). @defaultValue a copy of
   * the context current when the callback is added, as asyncio
   */
  context?: Context | null | undefined;
}

/**
 * For task implementations: something that waits on a future without a callback function (a
 * task). When the future completes, `_wake()` is called synchronously and the waiter schedules
 * itself on the loop, so it still runs on the next iteration, exactly like a done callback, but
 * with no handle or closure.
 * @public
 */
export interface Waiter {
  /** Called once, synchronously, when the future completes; the waiter schedules itself. */
  _wake(): void;
}

/**
 * The result of an operation that has not finished yet, bound to an event loop (`asyncio.Future`).
 *
 * @remarks
 * A future is pending until `setResult`, `setException` or `cancel` is called, and then stays as
 * it is. Await it with `yield* fut` in a generator coroutine (returns at once, with no loop
 * iteration, when the future is already done) or `await fut` in an async function.
 *
 * Differences from a Promise: the future is bound to one loop; its done callbacks always run
 * through `loop.callSoon`, never synchronously; it can be cancelled; its state can be read
 * synchronously with `done()`, `result()` and `exception()`.
 *
 * Cancellation: `cancel(msg)` moves a pending future to the cancelled state and schedules its
 * callbacks; whoever awaits it gets a `CancelledError` whose message is `msg`.
 * @example
 * ```ts
 * await run(async () => {
 *   const fut = new Future<string>();
 *   getRunningLoop().callLater(1, () => fut.setResult("done"));
 *   console.log(await fut); // "done", one second later
 * });
 * ```
 * @public
 */
export class Future<T> implements FutureLike<T> {
  /** Protocol marker and blocking flag; see `FUTURE` in \@aio/core. */
  [FUTURE] = false;
  /** @internal 0 pending, 1 finished, 2 cancelled (see state.ts). */
  _state: 0 | 1 | 2 = PENDING;
  /** @internal The value, once finished with one. */
  _result: T | undefined = undefined;
  /** @internal The error, once failed (undefined: none). */
  _exception: unknown = undefined;
  /** @internal The loop the future is bound to. */
  _loop: EventLoop;
  // The first callback is kept inline: most futures have exactly one (the task that awaits it).
  // Callbacks are stored as `(future: never) => void`, the supertype of every one-argument
  // function: typed `(future: this) => void`, the property would make each subclass (Task) and each
  // `Future<T>` unassignable to its base type, since properties are checked contravariantly.
  /** @internal The first done callback (or waiting task). */
  _cb0: ((future: never) => void) | Waiter | null = null;
  /** @internal The done callbacks after the first. */
  _cbs: (((future: never) => void) | Waiter)[] | null = null;
  /** @internal The message given to cancel(). */
  _cancelMessage: string | undefined = undefined;
  /** @internal A CancelledError the task's own coroutine raised, handed to the first reader. */
  _cancelledError: CancelledError | null = null;
  /** @internal The cached iterator `yield*` drives. */
  _iter: Iterator<unknown, T, unknown> | null = null;
  /**
   * @internal Failed and not read yet: what reports it if it is collected or its loop closes
   * (CPython's `__log_traceback`); false otherwise.
   */
  _logTraceback: object | false = false;

  /**
   * Creates a pending future.
   * @throws TypeError when `options` is not an options object (Python's `loop=` is keyword-only),
   * or `options.loop` is neither an event loop nor null/undefined.
   */
  constructor(options?: FutureOptions) {
    if (options !== undefined && (options === null || typeof options !== "object" || "callSoon" in options)) {
      throw new TypeError(`${this._kind()}(options): expected { loop? }, got ${describe(options)}`);
    }
    const loop = options?.loop ?? getEventLoop();
    // Checked here, not when the first callback is scheduled: a bad loop would fail far away. The
    // two methods a future uses, tested inline: this constructor runs for every future and task.
    if (typeof loop.callSoon !== "function" || typeof loop.isClosed !== "function") badLoop(this, loop);
    this._loop = loop;
  }

  /** The loop this future is bound to. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** True once the future has a result, an error, or was cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** True if the future was cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The future's value.
   * @throws the stored error if the future failed.
   * @throws {@link @aio/core#CancelledError} if the future was cancelled.
   * @throws {@link @aio/core#InvalidStateError} if the future is still pending.
   */
  result(): T {
    if (this._state === FINISHED) {
      // Stryker disable next-line ConditionalExpression: _retrieved() does nothing when there is nothing to forget.
      if (this._logTraceback) this._retrieved();
      if (this._exception !== undefined) throw this._exception;
      return this._result as T;
    }
    if (this._state === CANCELLED) throw this._makeCancelledError();
    throw new InvalidStateError("Result is not ready.");
  }

  /**
   * The error the future failed with, or null if it succeeded.
   * @throws {@link @aio/core#CancelledError} if the future was cancelled.
   * @throws {@link @aio/core#InvalidStateError} if the future is still pending.
   */
  exception(): unknown {
    if (this._state === FINISHED) {
      // Stryker disable next-line ConditionalExpression: _retrieved() does nothing when there is nothing to forget.
      if (this._logTraceback) this._retrieved();
      return this._exception === undefined ? null : this._exception;
    }
    if (this._state === CANCELLED) throw this._makeCancelledError();
    throw new InvalidStateError("Exception is not set.");
  }

  /**
   * Completes the future with `value` and schedules its done callbacks.
   * @throws {@link @aio/core#InvalidStateError} if the future is already done.
   */
  setResult(value: T): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${stateName(this._state)}: ${this}`);
    this._result = value;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Completes the future with an error and schedules its done callbacks. An Error subclass (the
   * class itself) is instantiated. If nobody ever reads the error, the loop's exception handler
   * hears about it when the future is garbage-collected.
   * @throws {@link @aio/core#InvalidStateError} if the future is already done.
   * @throws TypeError if `error` is undefined (it would be indistinguishable from success).
   */
  setException(error: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${stateName(this._state)}: ${this}`);
    if (typeof error === "function" && (error === Error || error.prototype instanceof Error)) {
      error = new (error as new () => Error)();
    }
    if (error === undefined) throw new TypeError("Future.setException(error): error must not be undefined");
    this._exception = error;
    this._state = FINISHED;
    this._logTraceback = watchUnretrieved(this, {
      loop: this._loop,
      message: `${this._kind()} exception was never retrieved`,
      exception: error,
      repr: String(this),
    });
    this._scheduleCallbacks();
  }

  /**
   * Cancels the future if it is pending and schedules its done callbacks.
   * @param msg - the message of the `CancelledError` awaiters will get. Like CPython, any value is
   * accepted: one that is not a string becomes one (`String(msg)`, so `Symbol("why")` gives
   * `"Symbol(why)"`); null or undefined means no message (`""`).
   * @returns false if the future was already done, else true.
   */
  cancel(msg?: string): boolean {
    // Stryker disable next-line ConditionalExpression: _retrieved() does nothing when there is nothing to forget.
    if (this._logTraceback) this._retrieved();
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    // Stryker disable next-line ConditionalExpression: _toText() gives a string back unchanged.
    this._cancelMessage = typeof msg === "string" || msg == null ? (msg ?? undefined) : _toText(msg);
    this._scheduleCallbacks();
    return true;
  }

  /**
   * Arranges for `fn(future)` to be called through `loop.callSoon` once the future is done (on the
   * next loop iteration if it already is). Callbacks run in registration order, each in
   * `options.context`, else in a copy of the context current when it was added.
   * @throws TypeError if `fn` is not a function, or `options` is not an options object whose
   * `context` is a Context, null or undefined.
   */
  addDoneCallback(fn: (future: this) => void, options?: DoneCallbackOptions): void {
    if (typeof fn !== "function") {
      throw new TypeError(`Future.addDoneCallback(fn): expected a function, got ${describe(fn)}`);
    }
    const context = (options === undefined ? null : contextOption(options)) ?? _captureContext();
    if (context !== null) {
      if (this._state !== PENDING) this._loop.callSoon(fn, this, { context });
      else if (this._cb0 === null && this._cbs === null) this._cb0 = new ContextCallback(fn, this, context);
      else (this._cbs ??= []).push(new ContextCallback(fn, this, context));
      return;
    }
    if (this._state !== PENDING) this._loop.callSoon(fn, this);
    else if (this._cb0 === null && this._cbs === null) this._cb0 = fn;
    else (this._cbs ??= []).push(fn);
  }

  /** @internal Whether `fn` is among the done callbacks (stored bare, or with its context). */
  _hasDoneCallback(fn: unknown): boolean {
    if (isCallback(this._cb0, fn)) return true;
    const cbs = this._cbs;
    if (cbs !== null) for (let i = 0; i < cbs.length; i++) if (isCallback(cbs[i], fn)) return true;
    return false;
  }

  /** @internal Registers a task as a waiter (see {@link Waiter}); it is woken in callback order. */
  _addWaiter(waiter: Waiter): void {
    if (this._state !== PENDING) waiter._wake();
    else if (this._cb0 === null && this._cbs === null) this._cb0 = waiter;
    else (this._cbs ??= []).push(waiter);
  }

  /**
   * Removes every registration of `fn` from the done callbacks.
   * @returns how many registrations were removed.
   */
  removeDoneCallback(fn: (future: this) => void): number {
    let removed = 0;
    const cb0 = this._cb0;
    if (cb0 === fn || (cb0 instanceof ContextCallback && cb0.fn === fn)) {
      this._cb0 = null;
      removed++;
    }
    const cbs = this._cbs;
    if (cbs !== null) {
      const kept = cbs.filter((cb) => cb !== (fn as unknown) && !(cb instanceof ContextCallback && cb.fn === fn));
      removed += cbs.length - kept.length;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty list instead of null only changes where the next callback is stored.
      this._cbs = kept.length > 0 ? kept : null;
    }
    return removed;
  }

  /** Lets a generator coroutine wait with `const value = yield* future`. */
  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    return (this._iter ??= new FutureIterator(this));
  }

  /**
   * Lets an async function wait with `await future` (the future is PromiseLike).
   *
   * @remarks
   * Inside a task, the task learns it is waiting on this future, so cancelling the task
   * cancels this wait with `CancelledError`.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    // A done future settles in a microtask: no loop hop (an await of a done future gives no other
    // task a turn), and it works after the loop closed.
    if (this._state !== PENDING) return settledThen(this, onFulfilled, onRejected);
    const task = awaitHook.fn !== null ? awaitHook.fn(this) : null;
    const w = new ThenWaiter<T, R1 | R2>(this, onFulfilled, onRejected, task);
    // Woken through the loop even if the hook just cancelled the future (a pending cancel of the
    // awaiting task): the CancelledError arrives on the next iteration, as in a generator task. A
    // subclass that overrides addDoneCallback is told through it, as CPython's tasks do.
    if (this.addDoneCallback === Future.prototype.addDoneCallback) this._addWaiter(w);
    else this.addDoneCallback(() => w._run());
    return w;
  }

  /** Shows the future's kind and state, e.g. `<Future pending>` or `<Future finished result=1>`. */
  toString(): string {
    return `<${this._kind()} ${this._describeState()}>`;
  }

  /** @internal Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @internal The word used in reprs and reports: "Future", "Task", ... */
  _kind(): string {
    return "Future";
  }

  /** @internal The state part of the repr. */
  _describeState(): string {
    const s = stateName(this._state);
    if (this._state !== FINISHED) return s;
    return this._exception !== undefined ? `${s} exception=${repr(this._exception)}` : `${s} result=${repr(this._result)}`;
  }

  /** @internal The error readers of a cancelled future get. */
  _makeCancelledError(): CancelledError {
    const own = this._cancelledError;
    if (own !== null) {
      this._cancelledError = null;
      return own;
    }
    return new CancelledError(this._cancelMessage ?? "");
  }

  /** @internal Completion: schedule every callback, in order, then forget them. */
  _scheduleCallbacks(): void {
    const loop = this._loop;
    const cb0 = this._cb0;
    const cbs = this._cbs;
    this._cb0 = null;
    this._cbs = null;
    if (cb0 !== null) {
      if (typeof cb0 === "function") loop.callSoon(cb0 as (future: this) => void, this);
      else cb0._wake();
    }
    if (cbs !== null) {
      for (let i = 0; i < cbs.length; i++) {
        const cb = cbs[i]!;
        if (typeof cb === "function") loop.callSoon(cb as (future: this) => void, this);
        else cb._wake();
      }
    }
  }

  /** @internal The error was read (or the future cancelled): nothing to report any more. */
  _retrieved(): void {
    const entry = this._logTraceback;
    this._logTraceback = false;
    // Stryker disable next-line ConditionalExpression: every caller checks _logTraceback first, so entry is never false here.
    if (entry !== false) forgetUnretrieved(this, entry as Unretrieved);
  }
}

const resolved = Promise.resolve();

/** Whether the stored callback `cb` is `fn` (bare, or with its context). */
function isCallback(cb: unknown, fn: unknown): boolean {
  return cb === fn || (cb instanceof ContextCallback && cb.fn === fn);
}

/** The context of addDoneCallback's options (null: none given). */
function contextOption(options: DoneCallbackOptions): Context | null {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Future.addDoneCallback(fn, options): expected { context? }, got ${describe(options)}`);
  }
  const context = options.context;
  if (context != null && !(context instanceof Context)) {
    throw new TypeError(`Future.addDoneCallback(fn, options): options.context must be a Context (from @aio/contextvars), null or undefined, got ${describe(context)}`);
  }
  return context ?? null;
}

/** The TypeError for a loop option that is not an event loop (the cold path, out of the constructor). */
function badLoop(fut: Future<unknown>, loop: unknown): never {
  throw new TypeError(`${fut._kind()}(options.loop): expected an EventLoop, got ${describe(loop)}`);
}

/**
 * `then` on a done future: one reaction on a resolved promise, with the outcome read now (a done
 * future never changes). This is every `await` of a done future, so it allocates as little as it can.
 */
function settledThen<T, R1, R2>(
  fut: Future<T>,
  onFulfilled: ((value: T) => R1 | PromiseLike<R1>) | null | undefined,
  onRejected: ((reason: unknown) => R2 | PromiseLike<R2>) | null | undefined,
): PromiseLike<R1 | R2> {
  let value: T;
  try {
    value = fut.result();
  } catch (error) {
    return typeof onRejected === "function" ? resolved.then(() => onRejected(error)) : Promise.reject(error);
  }
  return typeof onFulfilled === "function" ? resolved.then(() => onFulfilled(value)) : (resolved.then(() => value) as Promise<R1>);
}

/**
 * @internal Tell a loop that native promise reactions were queued, so it lets microtasks run.
 * @throws TypeError if `loop` is not an event loop.
 */
export function hintMicrotasks(loop: EventLoop): void {
  // Stryker disable next-line ConditionalExpression: the inline test only saves a call; _checkLoop() lets a loop through.
  if (!_isEventLoop(loop)) _checkLoop("_hintMicrotasks", "loop", loop);
  (loop as { _hintMicrotasks?: () => void })._hintMicrotasks?.();
}
