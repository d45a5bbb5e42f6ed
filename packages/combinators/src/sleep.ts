import { getRunningLoop, type Awaitable, type Coroutine, type EventLoop, type FutureLike } from "@aio/core";
import { checkSeconds } from "./describe.js";
import { _nextIteration as nextIteration } from "@aio/task";
import { Operation } from "./operation.js";

/** What the bare yield of `sleep(0)` produces; shared, since `yield*` only reads it. */
const BARE_YIELD: IteratorResult<unknown, never> = Object.freeze({ done: false, value: undefined });
/** The end of `sleep(0)` with no result (the common case): shared too. */
const DONE_UNDEFINED: IteratorResult<never, undefined> = Object.freeze({ done: true, value: undefined });

/**
 * `sleep(0)`: exactly one bare `yield` for a generator coroutine (no timer, no future — the
 * cheapest way to let the other ready callbacks run), one loop iteration for an async function.
 */
class SleepZero<T> implements Iterator<unknown, T, unknown>, PromiseLike<T> {
  /** 0: not started, 1: yielded, 2: finished. */
  private step = 0;

  constructor(private readonly result: T) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<unknown, T> {
    if (this.step === 0) {
      this.step = 1;
      return BARE_YIELD;
    }
    if (this.step === 2) throw new Error("cannot reuse sleep(0): it was already awaited");
    this.step = 2;
    const result = this.result;
    return result === undefined ? (DONE_UNDEFINED as IteratorResult<unknown, T>) : { done: true, value: result };
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    this.step = 2;
    throw error;
  }

  return(value?: unknown): IteratorResult<unknown, T> {
    this.step = 2;
    return { done: true, value: value as T };
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    if (this.step !== 0) return Promise.reject(new Error("cannot reuse sleep(0): it was already awaited")).then(onFulfilled, onRejected);
    this.step = 2;
    let loop: EventLoop;
    try {
      loop = getRunningLoop();
    } catch (e) {
      return Promise.reject(e).then(onFulfilled, onRejected);
    }
    const result = this.result;
    return nextIteration(loop, typeof onFulfilled === "function" ? () => onFulfilled(result) : () => result as unknown as R1, onRejected);
  }

  toString(): string {
    return "<sleep(0)>";
  }
}

function setResultUnlessCancelled<T>(fut: FutureLike<T>, result: T): void {
  if (!fut.done()) fut.setResult(result);
}

function* sleepFor<T>(delay: number, result: T): Coroutine<T> {
  const loop = getRunningLoop();
  const fut = loop.createFuture<T>();
  const timer = loop.callLater(delay, setResultUnlessCancelled, fut, result);
  try {
    return yield* fut;
  } finally {
    timer.cancel();
  }
}

async function sleepForAsync<T>(delay: number, result: T): Promise<T> {
  const loop = getRunningLoop();
  const fut = loop.createFuture<T>();
  const timer = loop.callLater(delay, setResultUnlessCancelled, fut, result);
  try {
    return await fut;
  } finally {
    timer.cancel();
  }
}

/**
 * Waits `delay` seconds, then resolves to `result` (`asyncio.sleep`).
 *
 * @remarks
 * Nothing happens until the returned awaitable is awaited (like calling an `async def`): the timer
 * starts at the `yield*` or `await`, on the running loop. A `delay` of 0 or less gives up exactly
 * one loop iteration: for a generator coroutine it is one bare `yield`, with no timer and no
 * future, so `yield* sleep(0)` is the cheapest way to let other ready tasks run. `Infinity` sleeps
 * until cancelled. The awaitable is single-use, as a coroutine is.
 *
 * Cancellation: `sleep` is an await point. Cancelling the task that sleeps throws a
 * `CancelledError` at the `yield*`/`await` and cancels the timer at once. A cancellation that
 * comes after the sleep is over but before the task has resumed also lands at that sleep (its
 * result is dropped), in both styles, as in CPython.
 * @param delay - seconds to wait; 0 or less means one loop iteration.
 * @param result - the value to resolve to. @defaultValue undefined
 * @throws TypeError if `delay` is not a number.
 * @throws RangeError if `delay` is NaN.
 * @example
 * ```ts
 * await run(function* () {
 *   const v = yield* sleep(1.5, "late"); // resumes 1.5 s later with "late"
 *   yield* sleep(0);                     // let every other ready task run once
 * });
 * ```
 * @public
 */
export function sleep<T = void>(delay: number, result?: T): Awaitable<T> {
  checkSeconds("sleep", "delay", delay, false);
  if (delay <= 0) return new SleepZero(result as T);
  const label = `sleep(${delay})`;
  return new Operation(
    label,
    () => sleepFor(delay, result as T),
    () => sleepForAsync(delay, result as T),
  );
}
