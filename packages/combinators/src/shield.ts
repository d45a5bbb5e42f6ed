import { getEventLoop, isFuture, type FutureLike } from "@aio/core";
import { ensureFuture, _awaitThrough } from "@aio/task";
import { checkAwaitable } from "./await-source.js";
import type { AwaitableSource } from "./types.js";

/**
 * Protects an awaitable from being cancelled by whoever awaits it (`asyncio.shield`).
 *
 * @remarks
 * `aw` is made a future first (a coroutine, coroutine function or PromiseLike becomes a task at
 * once, on `getEventLoop()`: the running loop, else the one set with `setEventLoop`). If it is
 * already done, it is returned as it is. Otherwise a new outer future, on the same loop, mirrors
 * it: it gets `aw`'s result or error when `aw` finishes.
 *
 * Keep a reference to the inner task if you need its result after the outer one was cancelled;
 * the loop keeps pending tasks alive either way.
 *
 * Cancellation: cancelling the outer future (for example because the task awaiting it was
 * cancelled, or `waitFor` timed out) leaves the inner one running: the awaiting task gets
 * `CancelledError` at once, the inner task never learns of it. Cancelling the inner one does
 * cancel the outer one.
 * @param aw - a future, task, coroutine, coroutine function or PromiseLike.
 * @returns the outer future (or `aw`'s future itself if it is already done).
 * @throws TypeError if `aw` is not awaitable.
 * @throws Error `"There is no current event loop..."` when `aw` must become a task and no loop is
 * running or set.
 * @example
 * ```ts
 * await run(function* () {
 *   const save = createTask(saveToDisk);
 *   try {
 *     yield* waitFor(shield(save), 1);
 *   } catch (e) {
 *     console.log("still saving in the background:", !save.done());
 *   }
 * });
 * ```
 * @public
 */
export function shield<T>(aw: AwaitableSource<T>): FutureLike<T> {
  checkAwaitable("shield", "aw", aw);
  // A coroutine becomes a task on getEventLoop(): the running loop, else the one set with setEventLoop.
  const inner = isFuture(aw) ? aw : ensureFuture(aw, { loop: getEventLoop() });
  if (inner.done()) return inner;
  const outer = inner.getLoop().createFuture<T>();
  const onInnerDone = (f: FutureLike<T>): void => {
    if (outer.cancelled()) {
      if (!f.cancelled()) f.exception(); // mark the error retrieved: nobody is left to read it
      return;
    }
    if (f.cancelled()) outer.cancel();
    else {
      const error = f.exception();
      if (error !== null) outer.setException(error);
      else outer.setResult(f.result());
    }
  };
  const onOuterDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(onOuterDone);
  _awaitThrough(outer, [inner]); // for the call graph: whoever awaits outer awaits inner
  return outer;
}
