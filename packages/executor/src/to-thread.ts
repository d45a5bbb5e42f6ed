// asyncio.to_thread: run a function on the running loop's default executor.
import { _describe as describe, _getRunningLoop as runningLoop, type FutureLike } from "@aio/core";

/**
 * Runs `fn(...args)` on the running loop's default executor (a {@link ThreadPoolExecutor} unless
 * `loop.setDefaultExecutor` chose another) and returns an \@aio future of its result
 * (`asyncio.to_thread`).
 *
 * @remarks
 * The same as `getRunningLoop().runInExecutor(null, fn, ...args)`. `fn` must be self-contained (it
 * runs in a worker thread and is sent by its source) or a {@link fromModule} task. There is no
 * context to copy: a worker thread has its own globals.
 *
 * Cancellation: cancelling the returned future (or the task awaiting it) cancels a queued job; a
 * running job has its `jobSignal()` aborted and is stopped after the pool's grace period — provided
 * the loop's `runInExecutor` chains futures with {@link wrapFuture}. CPython cannot stop the thread.
 * @throws TypeError if `fn` is not a function (a {@link fromModule} task is one); a function the
 *   pool refuses (one that uses an outer variable) fails the returned future instead, as
 *   `runInExecutor` does, since the loop's default executor may be any `Executor`.
 * @throws Error `"toThread(fn): no running event loop"` when called outside a running loop.
 * @example
 * ```ts
 * await run(async () => {
 *   const bytes = await toThread(() => require("node:fs").readFileSync("/dev/urandom").subarray(0, 100));
 *   console.log(bytes.length); // 100
 * });
 * ```
 * @public
 */
export function toThread<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): FutureLike<Awaited<R>> {
  if (typeof fn !== "function") throw new TypeError(`toThread(fn): expected a function or a fromModule() task, got ${describe(fn)}`);
  const loop = runningLoop();
  if (loop === null) throw new Error("toThread(fn): no running event loop; call it from a coroutine that a loop runs (run(...))");
  return loop.runInExecutor(null, fn, ...args);
}
