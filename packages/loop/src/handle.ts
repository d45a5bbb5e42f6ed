import type { EventLoop, Handle as HandleLike, TimerHandle as TimerHandleLike } from "@aio/core";

/**
 * A callback scheduled with `callSoon` (`asyncio.Handle`).
 *
 * @remarks
 * Cancelling drops the callback and its arguments at once, so they can be collected.
 * @public
 */
export class Handle implements HandleLike {
  /** @internal */ _callback: ((...args: unknown[]) => unknown) | null;
  // Most callbacks take zero or one argument (a future's done callback gets the future): that one
  // is kept inline, so scheduling allocates the handle and nothing else.
  /** @internal */ _argc: number;
  /** @internal */ _arg: unknown;
  /** @internal */ _args: unknown[] | null;
  /** @internal */ _cancelled = false;
  /** @internal */ readonly _loop: EventLoop;

  /** @internal `args` is used only when `argc` is 2 or more; else `arg` is the single argument. */
  constructor(callback: (...args: unknown[]) => unknown, argc: number, arg: unknown, args: unknown[] | null, loop: EventLoop) {
    this._callback = callback;
    this._argc = argc;
    this._arg = arg;
    this._args = args;
    this._loop = loop;
  }

  /** Stops the callback from running if it has not run yet. */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    this._callback = null;
    this._arg = undefined;
    this._args = null;
  }

  /** True once `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal Runs the callback; errors go to the loop's exception handler. */
  _run(): void {
    const cb = this._callback!;
    try {
      const argc = this._argc;
      if (argc === 0) cb();
      else if (argc === 1) cb(this._arg);
      else cb(...this._args!);
    } catch (error) {
      this._loop.callExceptionHandler({ message: `Exception in callback ${this._describeCallback()}`, exception: error, handle: this });
    }
  }

  /** @internal */
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
  /** @internal */ readonly _when: number;
  /** @internal Tiebreaker: equal deadlines run in the order they were scheduled. */
  readonly _seq: number;
  /** @internal True while the timer sits in the loop's heap. */
  _scheduled = true;
  /** @internal */ readonly _onCancel: (timer: TimerHandle) => void;

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
    super(callback, argc, arg, args, loop);
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
    if (this._scheduled) this._onCancel(this);
  }

  /** Shows the deadline, callback and state. */
  override toString(): string {
    return `<TimerHandle when=${this._when} ${this._cancelled ? "cancelled" : this._describeCallback()}>`;
  }
}
