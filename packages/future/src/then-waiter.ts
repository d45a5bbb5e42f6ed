// What `future.then(onFulfilled, onRejected)` returns, and how `await future` is served.
//
// `await` calls `then` with the engine's own resolve functions and ignores what `then` returns, so
// the common case needs no native promise at all: this one object is both the future's waiter
// (woken when the future completes, it runs on the loop's next iteration, like a done callback)
// and the returned PromiseLike. A real promise is made only if someone chains on it.
import { CancelledError, type EventLoop } from "@aio/core";
import type { AwaitingTask } from "./await-hook.js";
import type { Future, Waiter } from "./future.js";

type OnFulfilled<T, R> = ((value: T) => R | PromiseLike<R>) | null | undefined;
type OnRejected<R> = ((reason: unknown) => R | PromiseLike<R>) | null | undefined;

const NOT_RUN = 0;
const FULFILLED = 1;
const REJECTED = 2;

/** @internal */
export class ThenWaiter<T, R> implements Waiter, PromiseLike<R> {
  private outcome = NOT_RUN;
  private value: unknown = undefined;
  private promise: Promise<R> | null = null;
  private resolve: ((v: R | PromiseLike<R>) => void) | null = null;
  private reject: ((e: unknown) => void) | null = null;

  constructor(
    private readonly fut: Future<T>,
    private readonly onFulfilled: OnFulfilled<T, R>,
    private readonly onRejected: OnRejected<R>,
    /** The async-function task awaiting, if any: a cancel it got after the future completed lands here. */
    private readonly task: AwaitingTask | null = null,
  ) {}

  /** The future completed: run on the loop's next iteration (a waiter is never run synchronously). */
  _wake(): void {
    const loop = this.fut._loop as EventLoop & { _enqueue?: (r: { _run(): void }) => void };
    if (loop.isClosed()) queueMicrotask(() => this._run()); // nobody will run the loop again
    else if (loop._enqueue !== undefined) loop._enqueue(this);
    else loop.callSoon(() => this._run());
  }

  /** Calls the matching callback with the future's outcome and settles the chained promise, if any. */
  _run(): void {
    const fut = this.fut;
    let ok = true;
    let v: unknown;
    try {
      v = fut.result(); // read even when a cancel wins below: the outcome counts as retrieved
    } catch (e) {
      ok = false;
      v = e;
    }
    const task = this.task;
    if (task !== null) {
      // The awaiting task's step begins here (the loop waits for it to end).
      const cancel = task._resumeFrom(fut);
      if (cancel !== null && (ok || !(v instanceof CancelledError))) {
        ok = false;
        v = cancel;
      }
    } else hint(fut._loop); // not a task: its continuation runs as a microtask, before the next iteration
    const cb = ok ? this.onFulfilled : this.onRejected;
    if (typeof cb === "function") {
      try {
        v = (cb as (x: unknown) => unknown)(v);
        ok = true;
      } catch (e) {
        ok = false;
        v = e;
      }
    }
    this.settle(ok, v);
  }

  /** Chaining: `future.then(a).then(b)` works through a real promise made on demand. */
  then<R1 = R, R2 = never>(
    onFulfilled?: ((value: R) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.nativePromise().then(onFulfilled, onRejected);
  }

  private nativePromise(): Promise<R> {
    if (this.promise !== null) return this.promise;
    if (this.outcome === FULFILLED) return (this.promise = Promise.resolve(this.value as R));
    if (this.outcome === REJECTED) return (this.promise = Promise.reject(this.value));
    return (this.promise = new Promise<R>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    }));
  }

  private settle(ok: boolean, v: unknown): void {
    if (this.resolve !== null) {
      if (ok) this.resolve(v as R);
      else this.reject!(v);
      return;
    }
    this.outcome = ok ? FULFILLED : REJECTED;
    this.value = v;
    // A rejection no callback handled (or a callback that threw) must not vanish: unless a chained
    // `then` picks it up right away, surface it as an unhandled promise rejection, as a Promise would.
    if (!ok) {
      queueMicrotask(() => {
        if (this.promise === null) void Promise.reject(v);
      });
    }
  }
}

function hint(loop: EventLoop): void {
  (loop as { _hintMicrotasks?: () => void })._hintMicrotasks?.();
}
