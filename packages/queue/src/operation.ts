// How a waiting method (acquire, wait, ...) serves both coroutine styles with one implementation.
//
// The method body is a generator function: CPython's coroutine, line for line, with `yield fut`
// where CPython has `await fut`. `thenable(fn)` gives every generator object of `fn` a `then`
// through the function's prototype, so the object a call returns is both
// - iterable: `yield* lock.acquire()` runs the generator inline in the calling task, exactly as
//   `await lock.acquire()` runs the coroutine inside the caller's task in CPython; and
// - thenable: `await lock.acquire()` drives the same generator from the async function (`drive`),
//   awaiting each future it yields, so the task's `cancel()` reaches the wait.
// A call allocates one object (the generator); only a call that blocks allocates a future. Like a
// coroutine, nothing happens until the object is awaited. (The same file exists in @aio/sync,
// which this package may not depend on.)
import { FUTURE, _getRunningLoop, getRunningLoop, isFuture, type Awaitable } from "@aio/core";
import { _hintMicrotasks } from "@aio/future";
import { currentTask } from "@aio/task";

type Gen<T> = Generator<unknown, T, unknown>;
type Started<T> = Gen<T> & { _aioPromise?: Promise<T> };

/** @internal What `drive` steps: a generator, or a hand-written object with the same protocol. */
export interface Steppable<T> {
  next(): IteratorResult<unknown, T>;
  throw(error: unknown): IteratorResult<unknown, T>;
}

/** @internal Makes the generator objects of `fn` thenable (see the file header). */
export function thenable(fn: (...args: never[]) => Gen<unknown>): void {
  (fn.prototype as { then: unknown }).then = opThen;
}

/** @internal The type a thenable generator is returned as. */
export function asAwaitable<T>(gen: Gen<T>): Awaitable<T> {
  return gen as unknown as Awaitable<T>;
}

function opThen<T, R1, R2>(
  this: Started<T>,
  onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
): Promise<R1 | R2> {
  return (this._aioPromise ??= drive(this)).then(onFulfilled, onRejected);
}

/**
 * @internal Runs a generator coroutine from an async function: the first step now, then one
 * `await` per future it yields (a bare `yield` waits one loop iteration).
 */
export function drive<T>(gen: Steppable<T>): Promise<T> {
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
    let error: unknown;
    try {
      await awaitYielded(yielded);
    } catch (e) {
      failed = true;
      error = e;
    }
    if (!failed) {
      const cancel = takePendingCancel();
      if (cancel !== null) {
        failed = true;
        error = cancel;
      }
    }
    const r = failed ? gen.throw(error) : gen.next();
    if (r.done === true) return r.value;
    yielded = r.value;
  }
}

/**
 * A cancellation requested after the awaited future completed but before we resumed: a task
 * stepping a generator throws it in at this point (its `_mustCancel`); an async function would
 * only see it at its next await. Take it here, so a woken-then-cancelled waiter behaves the same
 * in both styles (it passes its wake-up on instead of taking the resource).
 */
function takePendingCancel(): unknown {
  const loop = _getRunningLoop();
  const task = loop === null ? null : currentTask(loop);
  if (task === null || !task._mustCancel) return null;
  task._mustCancel = false;
  return task._makeCancelledError();
}

function awaitYielded(y: unknown): PromiseLike<unknown> {
  if (isFuture(y)) {
    if (!y[FUTURE]) throw new TypeError(`yield was used instead of yield* with ${String(y)}`);
    y[FUTURE] = false;
    return y; // `await y` calls y.then(), which tells the task what it waits on
  }
  if (y === undefined) {
    const loop = getRunningLoop();
    return new Promise((resolve) => {
      loop.callSoon(() => {
        _hintMicrotasks(loop);
        resolve(undefined);
      });
    });
  }
  throw new TypeError(`got bad yield: ${String(y)}`);
}
