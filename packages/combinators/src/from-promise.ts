import { CancelledError, getRunningLoop, type FutureLike } from "@aio/core";
import { wrapPromise } from "@aio/future";
import { describe, isThenable } from "./describe.js";

/**
 * Waits on a foreign promise from a generator coroutine: `yield* fromPromise(p)`.
 *
 * @remarks
 * Returns a future on the running loop that gets the promise's value or error. Pass a function
 * instead of a promise to let the operation be stopped: it is called at once with an
 * `AbortSignal` that is aborted (with a `CancelledError`) when the future is cancelled, so
 * `fromPromise((signal) => fetch(url, { signal }))` aborts the request when the task is cancelled.
 * Async functions can simply `await` a promise; this is for generator coroutines, which can only
 * `yield*` \@aio awaitables.
 *
 * Cancellation: cancelling the waiting task cancels the returned future and the task gets a
 * `CancelledError` at once. A plain promise keeps running and its outcome is ignored; with the
 * function form its signal is aborted.
 * @param promise - a PromiseLike, or a function that takes an AbortSignal and returns one.
 * @throws TypeError if `promise` is neither a PromiseLike nor a function, or the function does not return a PromiseLike.
 * @throws Error `"no running event loop"` outside a loop.
 * @example
 * ```ts
 * await run(function* () {
 *   const res = yield* fromPromise((signal) => fetch("https://example.com", { signal }));
 *   const text = yield* fromPromise(res.text());
 * });
 * ```
 * @public
 */
export function fromPromise<T>(promise: PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>)): FutureLike<T> {
  if (typeof promise !== "function" && !isThenable(promise)) {
    throw new TypeError(`fromPromise(promise): expected a PromiseLike or a function returning one, got ${describe(promise)}`);
  }
  const loop = getRunningLoop();
  if (typeof promise === "function") {
    const controller = new AbortController();
    const p = promise(controller.signal);
    if (!isThenable(p)) throw new TypeError(`fromPromise(promise): the function must return a PromiseLike, got ${describe(p)}`);
    const fut = wrapPromise(p as PromiseLike<T>, { loop });
    fut.addDoneCallback((f) => {
      if (!f.cancelled()) return;
      let reason: unknown;
      try {
        f.exception();
      } catch (e) {
        reason = e;
      }
      controller.abort(reason instanceof CancelledError ? reason : new CancelledError(""));
    });
    return fut;
  }
  return wrapPromise(promise, { loop });
}
