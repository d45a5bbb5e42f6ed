import { _checkLoop, _checkOptions, _isEventLoop, getEventLoop, isFuture, type EventLoop } from "@aio/core";
import { Future, type FutureOptions } from "./future.js";
import { describe } from "./describe.js";

/**
 * Wraps a PromiseLike in a {@link Future} on the given loop (default `getEventLoop()`).
 *
 * @remarks
 * An \@aio future is returned as it is. When the promise settles, the future gets its value or
 * error, unless the future was cancelled meanwhile or its loop was closed.
 *
 * Cancellation: cancelling the returned future does not stop the promise (promises cannot be
 * stopped); its eventual outcome is ignored.
 * @throws TypeError if `promise` is not a PromiseLike, `options` is not an options object, or
 * `options.loop` is neither an event loop nor null/undefined.
 * @example
 * ```ts
 * await run(function* () {
 *   const text = yield* wrapPromise(fetch("https://example.com").then((r) => r.text()));
 * });
 * ```
 * @public
 */
export function wrapPromise<T>(promise: PromiseLike<T>, options?: FutureOptions): Future<T> {
  _checkOptions("wrapPromise", "{ loop? }", options);
  const given = options?.loop;
  // Checked now: a bad loop would otherwise fail when the promise settles, as an uncaught error.
  if (given != null && !_isEventLoop(given)) _checkLoop("wrapPromise", "options.loop", given);
  if (isFuture(promise) && promise instanceof Future) return promise as Future<T>;
  if (promise === null || (typeof promise !== "object" && typeof promise !== "function") || typeof promise.then !== "function") {
    throw new TypeError(`wrapPromise(promise): expected a PromiseLike, got ${describe(promise)}`);
  }
  const loop: EventLoop = given ?? getEventLoop();
  const fut = new Future<T>({ loop });
  promise.then(
    (value) => {
      if (!fut.done() && !loop.isClosed()) fut.setResult(value);
    },
    (error: unknown) => {
      if (!fut.done() && !loop.isClosed()) fut.setException(error === undefined ? new Error("promise rejected with undefined") : error);
    },
  );
  return fut;
}
