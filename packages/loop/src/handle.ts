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
  /** @internal */ _args: unknown[] | null;
  /** @internal */ _cancelled = false;
  /** @internal */ readonly _loop: EventLoop;

  /** @internal */
  constructor(callback: (...args: unknown[]) => unknown, args: unknown[], loop: EventLoop) {
    this._callback = callback;
    this._args = args;
    this._loop = loop;
  }

  /** Stops the callback from running if it has not run yet. */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    this._callback = null;
    this._args = null;
  }

  /** True once `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal Runs the callback; errors go to the loop's exception handler. */
  _run(): void {
    const cb = this._callback!;
    const a = this._args!;
    try {
      switch (a.length) {
        case 0: cb(); break;
        case 1: cb(a[0]); break;
        case 2: cb(a[0], a[1]); break;
        default: cb(...a);
      }
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
    args: unknown[],
    loop: EventLoop,
    onCancel: (timer: TimerHandle) => void,
  ) {
    super(callback, args, loop);
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
