// Runs a generator coroutine from an async function, inline: the generator's `yield*` on a future
// becomes `await future` (so the async-function task that awaits learns what it waits on, and
// cancelling that task reaches the future) and a bare `yield` becomes one loop iteration. This is
// how every combinator written as a generator also works with `await`.
import { FUTURE, getRunningLoop, isFuture, type Coroutine, type EventLoop } from "@aio/core";
import { describe } from "./describe.js";

/**
 * @internal One loop iteration for an async function: resolves after the callbacks that are ready
 * now have run, like a generator's bare `yield`. The future is handed to the task first (its
 * `then` calls the await hook), so a cancellation that is already pending lands here.
 */
export function nextIteration<R1 = void, R2 = never>(
  loop: EventLoop,
  onFulfilled?: (() => R1 | PromiseLike<R1>) | null,
  onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
): PromiseLike<R1 | R2> {
  const fut = loop.createFuture<void>();
  const p = fut.then(onFulfilled, onRejected);
  // Completing it now schedules the native promise's settlement for the next iteration.
  if (!fut.done()) fut.setResult(undefined);
  return p;
}

/** @internal Drives `coro` to completion from an async function; resolves to what it returns. */
export async function drive<T>(coro: Coroutine<T>): Promise<T> {
  let hasError = false;
  let error: unknown;
  let value: unknown;
  for (;;) {
    const r = hasError ? coro.throw(error) : coro.next(value);
    if (r.done === true) return r.value;
    hasError = false;
    error = value = undefined;
    const y = r.value;
    try {
      if (y === undefined) await nextIteration(getRunningLoop());
      else if (!isFuture(y)) throw new TypeError(`got bad yield: ${describe(y)}`);
      else if (!y[FUTURE]) throw new TypeError(`yield was used instead of yield* with ${describe(y)}`);
      else {
        y[FUTURE] = false;
        value = await y;
      }
    } catch (e) {
      hasError = true;
      error = e;
    }
  }
}
