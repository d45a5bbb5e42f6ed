// How `await future` inside an async-function task tells that task what it waits on. @aio/task
// installs the hook; @aio/future only calls it, so the future package knows nothing of tasks.
import type { FutureLike } from "@aio/core";

/**
 * For task implementations: the task an `await` belongs to, as the await hook returns it.
 * @public
 */
export interface AwaitingTask {
  /**
   * Takes (and clears) a cancellation requested after the awaited future completed but before the
   * task resumed: the error to throw at the await instead of its result, or null. A generator task
   * gets the same at its next step (CPython's `_must_cancel`).
   */
  _takePendingCancel(): unknown;
}

/** @internal */
export const awaitHook: { fn: ((future: FutureLike<unknown>) => AwaitingTask | null) | null } = { fn: null };

/**
 * For task implementations: installs the function `future.then()` calls on a pending future,
 * so an async-function task can record what it is waiting on (and cancel it). It returns the
 * awaiting task, or null when the caller is not one.
 * @public
 */
export function _setAwaitHook(fn: ((future: FutureLike<unknown>) => AwaitingTask | null) | null): void {
  awaitHook.fn = fn;
}
