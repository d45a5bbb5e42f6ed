import { CancelledError, TimeoutError, getRunningLoop, type Awaitable, type Coroutine, type EventLoop, type FutureLike } from "@aio/core";
import { ensureFuture, _drive as drive } from "@aio/task";
import { awaitSource, awaitSourceAsync, checkAwaitable } from "./await-source.js";
import { checkSeconds } from "./describe.js";
import { Operation } from "./operation.js";
import { Timeout } from "./timeout.js";
import type { AwaitableSource } from "./types.js";

function releaseWaiter(waiter: FutureLike<unknown>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

/** Cancels `fut` and waits until it is done, through a separate waiter so this wait stays cancellable. */
function* cancelAndWait(fut: FutureLike<unknown>, loop: EventLoop): Coroutine<void> {
  const waiter = loop.createFuture<void>();
  const release = (): void => releaseWaiter(waiter);
  fut.addDoneCallback(release);
  try {
    fut.cancel();
    yield* waiter;
  } finally {
    fut.removeDoneCallback(release);
  }
}

/** `timeout <= 0`: no time at all. A coroutine becomes a task that is cancelled before it starts. */
function* noTime<T>(aw: AwaitableSource<T>, loop: EventLoop): Coroutine<T> {
  const fut = ensureFuture(aw, { loop });
  if (fut.done()) return fut.result();
  yield* cancelAndWait(fut, loop);
  try {
    return fut.result(); // the task may have caught the cancellation and returned a value
  } catch (e) {
    if (e instanceof CancelledError) throw new TimeoutError("the deadline passed", { cause: e });
    throw e;
  }
}

function* waitForBlock<T>(aw: AwaitableSource<T>, seconds: number | null): Coroutine<T> {
  const loop = getRunningLoop();
  if (seconds !== null && seconds <= 0) return yield* noTime(aw, loop);
  const t = new Timeout(seconds === null ? null : loop.time() + seconds);
  t._enter(loop);
  let result: T;
  try {
    result = yield* awaitSource(aw, loop);
  } catch (e) {
    throw t._exit(true, e);
  }
  t._exit(false, undefined);
  return result;
}

async function waitForBlockAsync<T>(aw: AwaitableSource<T>, seconds: number | null): Promise<T> {
  const loop = getRunningLoop();
  if (seconds !== null && seconds <= 0) return drive(noTime(aw, loop));
  const t = new Timeout(seconds === null ? null : loop.time() + seconds);
  t._enter(loop);
  let result: T;
  try {
    result = await awaitSourceAsync(aw, loop);
  } catch (e) {
    throw t._exit(true, e);
  }
  t._exit(false, undefined);
  return result;
}

/**
 * Waits for one awaitable with a time limit (`asyncio.wait_for`, with the semantics of 3.12+).
 *
 * @remarks
 * The same as awaiting `aw` inside {@link timeout}`(seconds, ...)`: at the deadline the waiting
 * task is cancelled and the wait ends with `TimeoutError`. What `aw` may be:
 *
 * - a future or task: awaited; at the deadline it is cancelled (through the cancelled wait) —
 *   wrap it in {@link shield} to keep it running;
 * - a generator coroutine (or generator function): runs **inline in the caller's task**, no new
 *   task, exactly as CPython 3.12+ runs a coroutine;
 * - an async function (the function itself, not a call): runs inline when the caller is an async
 *   function; when it is a generator coroutine, as a child task whose first step runs at once, in
 *   the caller's step (so, as in CPython, a cancel that comes right after finds it started and
 *   lands at its first await), and which the caller awaits;
 * - any other PromiseLike: at the deadline the wait is abandoned (a promise cannot be stopped).
 *
 * With `seconds` 0 or less there is no time at all: `aw` is made a future (a coroutine becomes a
 * task that never starts), cancelled, and waited for until it is done; if it caught the
 * cancellation and returned a value, that value is returned, else `TimeoutError`. With null
 * (or undefined) there is no deadline. If `aw` completes in the same loop iteration as the
 * deadline fires, the outcome is CPython's: the deadline's cancellation wins only if it reached
 * the caller before the result did; a task that suppresses the cancellation has its value
 * returned.
 *
 * Nothing happens until the returned awaitable is awaited; it must be awaited inside a task.
 *
 * Cancellation: `waitFor` is an await point. Cancelling the caller cancels `aw` too (when it is
 * a future, task or inline coroutine) and the `CancelledError` propagates, not converted.
 * @param aw - what to wait for.
 * @param seconds - the time limit; null (or undefined) for none; 0 or less for no time at all.
 * @throws TypeError if `aw` is not awaitable or `seconds` is not a number or null.
 * @throws RangeError if `seconds` is NaN.
 * @example
 * ```ts
 * await run(function* () {
 *   try {
 *     const page = yield* waitFor(createTask(() => fetchPage(url)), 5);
 *   } catch (e) {
 *     if (e instanceof TimeoutError) console.log("too slow");
 *   }
 * });
 * ```
 * @public
 */
export function waitFor<T>(aw: AwaitableSource<T>, seconds: number | null | undefined): Awaitable<T> {
  checkAwaitable("waitFor", "aw", aw);
  checkSeconds("waitFor", "seconds", seconds, true);
  const s = seconds ?? null;
  return new Operation(
    `waitFor(${s})`,
    () => waitForBlock(aw, s),
    () => waitForBlockAsync(aw, s),
  );
}
