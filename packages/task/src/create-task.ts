import { _describe as describe, _checkLoop, _checkOptions, _isEventLoop, getRunningLoop,
  isCoroutine,
  isFuture,
  type CoroutineSource,
  type EventLoop,
  type FutureLike,
  type TaskFactory,
  type TaskOptions } from "@aio/core";
import { Task, type CreateTaskOptions } from "./task.js";

/**
 * Schedules `coro` as a task on the running loop (or `options.loop`) and returns it (`asyncio.create_task`).
 *
 * @remarks
 * Goes through `loop.createTask`, so a task factory set with `loop.setTaskFactory` applies.
 * `coro` may be a generator coroutine, a generator function or async function (called on the
 * task's first step, inside the task), or a PromiseLike (wrapped). Keep a reference to the task if
 * you need its result; the loop keeps it alive while it is pending either way. The task runs in
 * `options.context` (a `Context` of \@aio/contextvars), else in a copy of the current context.
 *
 * Cancellation: cancelling the returned task cancels the coroutine (see {@link Task}).
 * @throws Error `"no running event loop"` when no loop is running and none is given, or
 * `"Event loop is closed"`.
 * @throws TypeError if `coro` is not something a task can run, `options` is not an options
 * object, or `options.loop` is neither an event loop nor null/undefined.
 * @example
 * ```ts
 * await run(function* () {
 *   const t = createTask(function* () { yield* sleep(1); return "hi"; });
 *   console.log(yield* t); // "hi"
 * });
 * await run(async () => {
 *   const t = createTask(async () => { await sleep(1); return "hi"; }); // the function, not its call
 *   console.log(await t); // "hi"
 * });
 * ```
 * @public
 */
export function createTask<T>(coro: CoroutineSource<T>, options: CreateTaskOptions = {}): Task<T> {
  _checkOptions("createTask", "{ name?, loop?, eagerStart?, context? }", options);
  const given = options.loop;
  if (given != null && !_isEventLoop(given)) _checkLoop("createTask", "options.loop", given);
  const loop = given ?? getRunningLoop();
  const taskOptions: TaskOptions = {};
  if (options.name !== undefined) taskOptions.name = options.name;
  if (options.eagerStart !== undefined) taskOptions.eagerStart = options.eagerStart;
  if (options.context != null) taskOptions.context = options.context;
  return loop.createTask(coro, taskOptions) as Task<T>;
}

/**
 * Returns `x` itself if it is a future or task, else schedules it as a task (`asyncio.ensure_future`).
 *
 * @remarks
 * A generator coroutine, generator function or async function becomes a task on `options.loop`
 * (default: the running loop), through `loop.createTask`; so does a PromiseLike.
 *
 * Cancellation: cancelling a task made from a PromiseLike ends the task (cancelled) and detaches
 * it from the promise, which keeps running: promises cannot be stopped.
 * @throws RangeError if `x` is a future of another loop than `options.loop`.
 * @throws TypeError if `x` is not awaitable, `options` is not an options object, or `options.loop`
 * is neither an event loop nor null/undefined.
 * @throws Error `"no running event loop"` when a task is needed and no loop is running or given.
 * @example
 * ```ts
 * await run(function* () {
 *   const task = createTask(work);
 *   console.log(ensureFuture(task) === task); // true
 *   const wrapped = ensureFuture(fetch("https://example.com")); // a Task wrapping the promise
 * });
 * ```
 * @public
 */
export function ensureFuture<T>(x: CoroutineSource<T> | FutureLike<T>, options: { loop?: EventLoop | undefined } = {}): FutureLike<T> {
  _checkOptions("ensureFuture", "{ loop? }", options);
  const given = options.loop;
  if (given != null && !_isEventLoop(given)) _checkLoop("ensureFuture", "options.loop", given);
  if (isFuture(x)) {
    if (given != null && x.getLoop() !== given) {
      throw new RangeError("ensureFuture(x): the future belongs to a different loop than the one given as options.loop");
    }
    return x as FutureLike<T>;
  }
  const ok =
    isCoroutine(x) ||
    typeof x === "function" ||
    (x !== null && typeof x === "object" && typeof (x as PromiseLike<T>).then === "function");
  if (!ok) throw new TypeError(`ensureFuture(x): an awaitable (future, coroutine or PromiseLike) is required, got ${describe(x)}`);
  const loop = given ?? getRunningLoop();
  return loop.createTask(x as CoroutineSource<T>) as Task<T>;
}

/**
 * A task factory that starts tasks eagerly (`asyncio.eager_task_factory`).
 *
 * @remarks
 * Installed with `loop.setTaskFactory(eagerTaskFactory)`, it makes each new task run its first
 * step synchronously inside `createTask` (when the loop is running), as the current task; a
 * coroutine that finishes without suspending is done when `createTask` returns and never touches
 * the loop. This changes the order in which code runs, as it does in asyncio. Called by hand, it
 * checks its arguments as `createTask` does: `loop` must be an event loop (TypeError otherwise).
 * @example
 * ```ts
 * await run(function* () {
 *   getRunningLoop().setTaskFactory(eagerTaskFactory);
 *   const t = createTask(function* () { return 1; });
 *   console.log(t.done()); // true
 * });
 * ```
 * @public
 */
export const eagerTaskFactory: TaskFactory = <T>(loop: EventLoop, coro: CoroutineSource<T>, options?: TaskOptions) => {
  // Stryker disable next-line ConditionalExpression: the inline test only saves a call; _checkLoop() lets a loop through.
  if (!_isEventLoop(loop)) _checkLoop("eagerTaskFactory", "loop", loop);
  _checkOptions("eagerTaskFactory", "{ name?, eagerStart?, context? }", options);
  return new Task<T>(coro, { ...(options as CreateTaskOptions | undefined), loop, eagerStart: true });
};
