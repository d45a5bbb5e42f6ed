// How `await future` inside an async-function task tells that task what it waits on. @aio/task
// installs the hook; @aio/future only calls it, so the future package knows nothing of tasks.
import type { FutureLike } from "@aio/core";

/** @internal */
export const awaitHook: { fn: ((future: FutureLike<unknown>) => void) | null } = { fn: null };

/**
 * For task implementations: installs the function `future.then()` calls on a pending future,
 * so an async-function task can record what it is waiting on (and cancel it).
 * @public
 */
export function _setAwaitHook(fn: ((future: FutureLike<unknown>) => void) | null): void {
  awaitHook.fn = fn;
}
