import {
  getRunningLoop,
  isCoroutine,
  isFuture,
  type CoroutineSource,
  type EventLoop,
  type FutureLike,
  type TaskFactory,
  type TaskOptions,
} from "@aio/core";
import { describe } from "./describe.js";
import { Task, type CreateTaskOptions } from "./task.js";

/**
 * Schedules `coro` as a task on the running loop (or `options.loop`) and returns it (`asyncio.create_task`).
 *
 * @remarks
 * Goes through `loop.createTask`, so a task factory set with `loop.setTaskFactory` applies.
 * `coro` may be a generator coroutine, a generator function or async function (called on the
 * task's first step, inside the task), or a PromiseLike (wrapped). Keep a reference to the task if
 * you need its result; the loop keeps it alive while it is pending either way.
 *
 * Cancellation: cancelling the returned task cancels the coroutine (see {@link Task}).
 * @throws Error `"no running event loop"` when no loop is running and none is given.
 * @throws TypeError if `coro` is not something a task can run.
 * @example
 * ```ts
 * await run(function* () {
 *   const t = createTask(function* () { yield* sleep(1); return "hi"; });
 *   console.log(yield* t); // "hi"
 * });
 * ```
 * @public
 */
export function createTask<T>(coro: CoroutineSource<T>, options: CreateTaskOptions = {}): Task<T> {
  const loop = options.loop ?? getRunningLoop();
  const taskOptions: TaskOptions = {};
  if (options.name !== undefined) taskOptions.name = options.name;
  if (options.eagerStart !== undefined) taskOptions.eagerStart = options.eagerStart;
  return loop.createTask(coro, taskOptions) as Task<T>;
}

/**
 * Returns `x` if it is a future or task, else schedules it as a task (`asyncio.ensure_future`).
 *
 * @remarks
 * A coroutine or coroutine function becomes a task on `options.loop` (default: the running loop);
 * so does a PromiseLike (cancelling that task detaches from the promise, which keeps running).
 * @throws RangeError if `x` is a future of another loop than `options.loop`.
 * @throws TypeError if `x` is not awaitable.
 * @public
 */
export function ensureFuture<T>(x: CoroutineSource<T> | FutureLike<T>, options: { loop?: EventLoop | undefined } = {}): FutureLike<T> {
  if (isFuture(x)) {
    if (options.loop !== undefined && x.getLoop() !== options.loop) {
      throw new RangeError("ensureFuture(x): the future belongs to a different loop than the one given as options.loop");
    }
    return x as FutureLike<T>;
  }
  const ok =
    isCoroutine(x) ||
    typeof x === "function" ||
    (x !== null && typeof x === "object" && typeof (x as PromiseLike<T>).then === "function");
  if (!ok) throw new TypeError(`ensureFuture(x): an awaitable (future, coroutine or PromiseLike) is required, got ${describe(x)}`);
  const loop = options.loop ?? getRunningLoop();
  return loop.createTask(x as CoroutineSource<T>) as Task<T>;
}

/**
 * A task factory that starts tasks eagerly (`asyncio.eager_task_factory`): install it with
 * `loop.setTaskFactory(eagerTaskFactory)` and each new task runs its first step synchronously
 * inside `createTask`; a coroutine that finishes without suspending never touches the loop.
 * @public
 */
export const eagerTaskFactory: TaskFactory = <T>(loop: EventLoop, coro: CoroutineSource<T>, options?: TaskOptions) =>
  new Task<T>(coro, { ...options, loop, eagerStart: true });
