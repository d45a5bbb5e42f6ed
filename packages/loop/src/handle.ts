import type { Context } from "@aio/contextvars";
import type { EventLoop, Handle as HandleLike, TimerHandle as TimerHandleLike } from "@aio/core";
import { OK, runInContext } from "./context-call.js";

/**
 * A callback scheduled with `callSoon` (`asyncio.Handle`).
 *
 * @remarks
 * Cancelling drops the callback and its arguments at once, so they can be collected.
 * @public
 */
export class Handle implements HandleLike {
  /** @internal The callback (kept for reprs; dropped on cancel). */
  _callback: ((...args: unknown[]) => unknown) | null;
  /** @internal True once cancel() was called. */
  _cancelled = false;
  /** @internal The loop the callback was scheduled on. */
  readonly _loop: EventLoop;
  /**
   * @internal For a `callSoon` handle: the number of its entry in the loop's ready queue, which
   * holds the callback and argument itself (0 for timers, which carry their own).
   */
  readonly _entry: number;

  /** @internal */
  constructor(callback: (...args: unknown[]) => unknown, loop: EventLoop, entry: number) {
    this._callback = callback;
    this._loop = loop;
    this._entry = entry;
  }

  /** Stops the callback from running if it has not run yet. */
  cancel(): void {
    // Stryker disable next-line ConditionalExpression: a fast path; cancelling again would only null the same queue slot (entry numbers are unique) again
    if (this._cancelled) return;
    this._cancelled = true;
    this._callback = null;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: entry 0 (a timer's) precedes the queue's first entry (numbered from 1), which ReadyQueue.cancel ignores
    if (this._entry > 0) (this._loop as unknown as { _ready: { cancel(seq: number): void } })._ready.cancel(this._entry);
  }

  /** True once `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal The callback's name for reprs and reports, e.g. `tick()`. */
  _describeCallback(): string {
    const cb = this._callback;
    return cb === null ? "<cancelled>" : `${cb.name || "anonymous"}()`;
  }

  /** Shows the callback and state, e.g. `<Handle tick()>` or `<Handle cancelled>`. */
  toString(): string {
    return this._cancelled ? `<${this.constructor.name} cancelled>` : `<${this.constructor.name} ${this._describeCallback()}>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * A callback scheduled for a loop time with `callLater`/`callAt` (`asyncio.TimerHandle`).
 * @public
 */
export class TimerHandle extends Handle implements TimerHandleLike {
  // Most callbacks take zero or one argument: that one is kept inline, with no array.
  /** @internal How many arguments the callback gets. */
  _argc: number;
  /** @internal The argument, when there is exactly one. */
  _arg: unknown;
  /** @internal The arguments, when there are two or more. */
  _args: unknown[] | null;
  /** @internal The loop time at which the timer is due. */
  readonly _when: number;
  /** @internal Tiebreaker: equal deadlines run in the order they were scheduled. */
  readonly _seq: number;
  /** @internal True while the timer sits in the loop's heap. */
  _scheduled = true;
  /** @internal Tells the loop a scheduled timer was cancelled. */
  readonly _onCancel: (timer: TimerHandle) => void;
  /** @internal The context the callback runs in (null: none, while no ContextVar exists). */
  _context: Context | null = null;

  /** @internal */
  constructor(
    when: number,
    seq: number,
    callback: (...args: unknown[]) => unknown,
    argc: number,
    arg: unknown,
    args: unknown[] | null,
    loop: EventLoop,
    onCancel: (timer: TimerHandle) => void,
  ) {
    super(callback, loop, 0);
    this._argc = argc;
    this._arg = arg;
    this._args = args;
    this._when = when;
    this._seq = seq;
    this._onCancel = onCancel;
  }

  /** The loop time (seconds) at which the callback is due. */
  when(): number {
    return this._when;
  }

  /** Stops the callback from running; the loop purges it from its heap. */
  override cancel(): void {
    if (this._cancelled) return;
    super.cancel();
    this._arg = undefined;
    this._args = null;
    if (this._scheduled) this._onCancel(this);
  }

  /** @internal Runs the callback (the timer is due); errors go to the loop's exception handler. */
  _run(): void {
    const cb = this._callback;
    if (cb === null) return;
    if (this._context !== null) {
      const error = runInContext(this._context, cb, this._argc, this._arg, this._args);
      if (error !== OK) this._loop.callExceptionHandler({ message: `Exception in callback ${this._describeCallback()}`, exception: error, handle: this });
      return;
    }
    try {
      const argc = this._argc;
      if (argc === 0) cb();
      else if (argc === 1) cb(this._arg);
      else cb(...this._args!);
    } catch (error) {
      this._loop.callExceptionHandler({ message: `Exception in callback ${this._describeCallback()}`, exception: error, handle: this });
    }
  }

  /** Shows the deadline, callback and state. */
  override toString(): string {
    return `<TimerHandle when=${this._when} ${this._cancelled ? "cancelled" : this._describeCallback()}>`;
  }
}
