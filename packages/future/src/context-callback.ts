// A done callback remembered with the context it runs in (asyncio's `add_done_callback(fn,
// context=...)`, which defaults to a copy of the context current at registration). Kept in the
// future's callback list as a waiter, so completing a future stays one pass over the callbacks.
// Made only once context variables exist: until then callbacks are stored as bare functions.
//
// On a loop that queues runnables (`_enqueue`, as \@aio/loop's does for tasks and waiters) the
// object itself is queued and runs the callback in its context: no options object, wrapper or
// handle per callback. Any other loop gets `callSoon(fn, future, { context })`.
import { _enterContext, _exitContext, type Context } from "@aio/contextvars";
import type { EventLoop } from "@aio/core";
import type { Waiter } from "./future.js";

/** The members of \@aio/loop's EventLoop used here, when the loop has them. */
interface RunnableLoop {
  _enqueue?: (runnable: { _run(): void }) => void;
  _callbackFailed?: (fn: (...a: unknown[]) => unknown, error: unknown) => void;
}

/** @internal */
export class ContextCallback implements Waiter {
  constructor(
    readonly fn: (future: never) => void,
    readonly future: { _loop: EventLoop },
    readonly context: Context,
  ) {}

  /** The future completed: schedule the callback, in its context. */
  _wake(): void {
    const loop = this.future._loop as EventLoop & RunnableLoop;
    if (loop._enqueue !== undefined) loop._enqueue(this);
    else loop.callSoon(this.fn as (f: unknown) => void, this.future, { context: this.context });
  }

  /** Called by the loop: the callback runs in its context; an error is reported as a callback's. */
  _run(): void {
    const fn = this.fn as (f: unknown) => void;
    let failed = false;
    let error: unknown;
    try {
      const previous = _enterContext(this.context);
      try {
        fn(this.future);
      } finally {
        _exitContext(this.context, previous);
      }
    } catch (e) {
      failed = true;
      error = e;
    }
    if (!failed) return;
    const loop = this.future._loop as EventLoop & RunnableLoop;
    if (loop._callbackFailed !== undefined) loop._callbackFailed(fn as (...a: unknown[]) => unknown, error);
    else loop.callExceptionHandler({ message: `Exception in callback ${fn.name || "anonymous"}()`, exception: error });
  }

  /** For debug reports: `<Handle name()>`, as the callback's handle would show. */
  toString(): string {
    return `<Handle ${(this.fn as () => void).name || "anonymous"}()>`;
  }
}
