// The asyncio-specific error classes. Python's RuntimeError/ValueError map to Error/RangeError;
// these keep their asyncio names so ported `except` clauses read the same as `instanceof` checks.

function named<T extends { prototype: Error }>(cls: T, name: string): T {
  // `name` lives on the prototype so `err.name` and stack headers say which error it is
  // without an own property on every instance.
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  return cls;
}

/**
 * Thrown into a coroutine (and out of `result()`) when the operation it waited on was cancelled.
 *
 * @remarks
 * `message` is the message given to `cancel(msg)`, or `""` when none was given. Code that catches
 * a `CancelledError` and does not re-throw it should call `task.uncancel()` so that `timeout()`
 * and task groups can still tell their own cancellation from someone else's.
 * @public
 */
export class CancelledError extends Error {}
named(CancelledError, "CancelledError");

/**
 * The operation is not allowed in the object's current state, such as reading the result of a
 * pending future or setting the result of a finished one.
 * @public
 */
export class InvalidStateError extends Error {}
named(InvalidStateError, "InvalidStateError");

/**
 * A deadline passed: raised by `waitFor`, `timeout`, `timeoutAt` and `asCompleted`.
 * @public
 */
export class TimeoutError extends Error {}
named(TimeoutError, "TimeoutError");

/**
 * An executor can no longer run work, because a worker died or failed to start
 * (`concurrent.futures.BrokenExecutor`).
 * @public
 */
export class BrokenExecutorError extends Error {}
named(BrokenExecutorError, "BrokenExecutorError");
