// How `await future` inside an async-function task tells that task what it waits on. @aio/task
// installs the hook; @aio/future only calls it, so the future package knows nothing of tasks.
import { _describe as describe, type FutureLike } from "@aio/core";

/**
 * For task implementations: the task an `await` belongs to, as the await hook returns it.
 * @public
 */
export interface AwaitingTask {
  /**
   * Called by the waiter of `fut` when it runs (from the loop's ready queue): if the task is
   * awaiting `fut`, its step begins. Returns the error to throw at the await instead of the
   * outcome (a cancellation requested after `fut` completed, as CPython's `_must_cancel`), or null.
   */
  _resumeFrom(fut: FutureLike<unknown>): unknown;
}

/** @internal */
export const awaitHook: { fn: ((future: FutureLike<unknown>) => AwaitingTask | null) | null } = { fn: null };

/**
 * For task implementations: installs the function `future.then()` calls on a pending future,
 * so an async-function task can record what it is waiting on (and cancel it). It returns the
 * awaiting task, or null when the caller is not one.
 * @throws TypeError if `fn` is neither a function nor null.
 * @public
 */
export function _setAwaitHook(fn: ((future: FutureLike<unknown>) => AwaitingTask | null) | null): void {
  if (fn !== null && typeof fn !== "function") throw new TypeError(`_setAwaitHook(fn): expected a function or null, got ${describe(fn)}`);
  awaitHook.fn = fn;
}

/** @internal */
export const awaitSiteHook: { fn: ((future: FutureLike<unknown>) => void) | null } = { fn: null };

/**
 * For task implementations: installs the function `yield* future` calls, from inside the awaiting
 * generators' frames, each time it suspends on a pending future. A stack captured there shows the
 * chain of `yield*` delegations down to the await, which nothing else in JavaScript can see once the
 * generator is suspended. Installed only while someone wants it (debug mode): unset, it costs one
 * null check per suspension.
 * @throws TypeError if `fn` is neither a function nor null.
 * @public
 */
export function _setAwaitSiteHook(fn: ((future: FutureLike<unknown>) => void) | null): void {
  if (fn !== null && typeof fn !== "function") throw new TypeError(`_setAwaitSiteHook(fn): expected a function or null, got ${describe(fn)}`);
  awaitSiteHook.fn = fn;
}
