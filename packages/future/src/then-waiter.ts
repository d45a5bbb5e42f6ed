// What `future.then(onFulfilled, onRejected)` returns on a pending future, and how `await future`
// is served: one object that is both the future's waiter (woken when the future completes, it
// runs on the loop's next iteration, like a done callback) and the returned PromiseLike.
import { CancelledError, _microtask, type EventLoop } from "@aio/core";
import type { AwaitingTask } from "./await-hook.js";
import type { Future, Waiter } from "./future.js";
import { Reaction } from "./reaction.js";

/** @internal */
export class ThenWaiter<T, R> extends Reaction<T, R> implements Waiter {
  constructor(
    private readonly fut: Future<T>,
    onFulfilled: ((value: T) => R | PromiseLike<R>) | null | undefined,
    onRejected: ((reason: unknown) => R | PromiseLike<R>) | null | undefined,
    /** The async-function task awaiting, if any: its step begins when this runs. */
    private readonly task: AwaitingTask | null = null,
  ) {
    super(onFulfilled, onRejected);
  }

  /** The future completed: run on the loop's next iteration (a waiter is never run synchronously). */
  _wake(): void {
    const loop = this.fut._loop as EventLoop & { _enqueue?: (r: { _run(): void }) => void };
    if (loop.isClosed()) _microtask(() => this._run()); // nobody will run the loop again
    else if (loop._enqueue !== undefined) loop._enqueue(this);
    else loop.callSoon(() => this._run());
  }

  /** Calls the matching callback with the future's outcome. */
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
    this._fire(ok, v);
  }
}

function hint(loop: EventLoop): void {
  (loop as { _hintMicrotasks?: () => void })._hintMicrotasks?.();
}
