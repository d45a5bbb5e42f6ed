// How code written once, as a generator coroutine, also serves async functions. Used by the
// combinators, the sync primitives and the queues: `yield* op` steps the generator inline in the
// calling task (CPython's `await coro`), and `await op` drives the same generator from the async
// function that awaits it:
// - `yield* future` becomes `await future` (the future's `then` tells the async-function task
//   what it waits on, so cancelling the task reaches the wait, and a cancel that arrives after the
//   future completed lands at that await, as it does in a generator task);
// - a bare `yield` becomes one loop iteration, through a future so a pending cancel lands there too.
// The first step runs synchronously, so an operation that does not block (an uncontended
// acquire, a put into a queue with room) settles without an async frame or a loop hop.
import { _nextIteration } from "./next-iteration.js";
import { _describe as describe, FUTURE, getRunningLoop, isFuture, type Awaitable, type Coroutine, type EventLoop } from "@aio/core";

/**
 * For the \@aio packages: what `_drive` steps, a generator or a hand-written object with the same
 * protocol.
 * @public
 */
export interface Steppable<T> {
  /** Resumes with a value (ignored by futures' iterators, which read their own result). */
  next(value?: unknown): IteratorResult<unknown, T>;
  /** Resumes by throwing `error` in at the current `yield`. */
  throw(error: unknown): IteratorResult<unknown, T>;
}

/**
 * For the \@aio packages: runs a generator coroutine from an async function and resolves to what
 * it returns. The first step runs now; then one `await` per future it yields.
 * @throws TypeError if `gen` has no `next` and `throw` methods.
 * @public
 */
export function _drive<T>(gen: Steppable<T>): Promise<T> {
  if (typeof (gen as Partial<Steppable<T>> | null)?.next !== "function" || typeof gen.throw !== "function") {
    throw new TypeError(`_drive(gen): expected a generator (an object with next and throw methods), got ${describe(gen)}`);
  }
  let r: IteratorResult<unknown, T>;
  try {
    r = gen.next();
  } catch (e) {
    return Promise.reject(e);
  }
  return r.done === true ? Promise.resolve(r.value) : follow(gen, r.value);
}

async function follow<T>(gen: Steppable<T>, yielded: unknown): Promise<T> {
  for (;;) {
    let failed = false;
    let value: unknown;
    try {
      value = await awaitYielded(yielded);
    } catch (e) {
      failed = true;
      value = e;
    }
    const r = failed ? gen.throw(value) : gen.next(value);
    if (r.done === true) return r.value;
    yielded = r.value;
  }
}

function awaitYielded(y: unknown): PromiseLike<unknown> {
  if (y === undefined) return _nextIteration(getRunningLoop());
  if (!isFuture(y)) throw new TypeError(`got bad yield: ${describe(y)}`);
  if (!y[FUTURE]) throw new TypeError(`yield was used instead of yield* with ${describe(y)}`);
  y[FUTURE] = false;
  return y;
}

type Started<T> = Coroutine<T> & { _aioPromise?: Promise<T> };

/**
 * For the \@aio packages: gives every generator object of `fn` a `then` (through the function's
 * prototype), so one call returns an object that works with both `yield*` (inline in the calling
 * task) and `await` (driven by {@link _drive}). Like a coroutine, nothing runs until it is awaited.
 * @throws TypeError if `fn` is not a generator function.
 * @public
 */
export function _thenable(fn: (...args: never[]) => Coroutine<unknown>): void {
  if (typeof fn !== "function" || fn.prototype === null || typeof fn.prototype !== "object") {
    throw new TypeError(`_thenable(fn): expected a generator function, got ${describe(fn)}`);
  }
  (fn.prototype as { then: unknown }).then = opThen;
}

/**
 * For the \@aio packages: the type a `_thenable` generator object is returned as.
 * @public
 */
export function _asAwaitable<T>(gen: Coroutine<T>): Awaitable<T> {
  return gen as unknown as Awaitable<T>;
}

function opThen<T, R1, R2>(
  this: Started<T>,
  onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
): Promise<R1 | R2> {
  return (this._aioPromise ??= _drive(this)).then(onFulfilled, onRejected);
}
