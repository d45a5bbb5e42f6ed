// Which task is running.
// - A generator task's step, and the synchronous start of an async function, run inside the
//   loop's drain: `stepping` names the task for exactly that long.
// - An async function's later steps run as microtasks while the loop waits for them (see
//   @aio/core's StepPausingLoop): `asyncStep` names the task from the moment the loop resumed it
//   until its step ends.
// - Code after a foreign await (a native promise) runs whenever that promise settles, outside any
//   step the loop knows of. Only async context tracking can tell which task it belongs to, and on
//   Node 20 an AsyncLocalStorage makes every native `await` in the process 2-3x slower. So it is
//   created the first time a task steps outside the loop's control (`needContext()`), and every
//   task started from then on runs inside it. A task started before that is found by elimination:
//   if it is the only such task running detached, the code must be its.
import { createAsyncContext, type AsyncContextStore } from "./async-context.js";
import { _checkLoop, _isEventLoop, _isInTurn, getRunningLoop, type EventLoop } from "@aio/core";
import type { Task } from "./task.js";

/** @internal Task#_mode of an async function started inside the AsyncLocalStorage. */
export const ASYNC_CTX = 3;

/** @internal */
export const current: {
  stepping: Task<unknown> | null;
  asyncStep: Task<unknown> | null;
  als: AsyncContextStore<Task<unknown>> | null;
} = {
  stepping: null,
  asyncStep: null,
  als: null,
};

/**
 * @internal Tasks started before async context tracking existed whose code may now run outside
 * a step (after a foreign await, or detached): the candidates of the elimination in runningTask().
 */
export const detached = new Set<Task<unknown>>();

/**
 * @internal Async context tracking, created on first need (see the top of this file); null where
 * the runtime has none (a browser): tasks are then found by elimination only.
 */
export function needContext(): AsyncContextStore<Task<unknown>> | null {
  return (current.als ??= createAsyncContext<Task<unknown>>());
}

/** @internal The running task, whatever its loop. */
export function runningTask(): Task<unknown> | null {
  const t = current.stepping;
  if (t !== null) return t;
  if (_isInTurn()) return null; // a loop callback, not a task step
  const als = current.als;
  if (als !== null) {
    const s = als.getStore();
    if (s !== undefined && s._state === 0) return s;
  }
  // The task whose step the loop waits for, unless it carries async context: its own code would
  // have shown in the store, so this is someone else's (code after a foreign await). (A task
  // carries it only once `als` exists.)
  const a = current.asyncStep;
  if (a !== null && a._mode !== ASYNC_CTX) return a;
  if (detached.size === 1) for (const only of detached) return only;
  return null;
}

/**
 * The task that is running now on `loop` (default: the running loop), or null (`asyncio.current_task`).
 *
 * @remarks
 * Correct inside generator coroutines and inside async functions run by a task, after any number
 * of awaits.
 * @throws Error `"no running event loop"` when `loop` is omitted (or null) and no loop is running.
 * @throws TypeError if `loop` is neither an event loop nor null/undefined.
 * @example
 * ```ts
 * await run(async () => {
 *   console.log(currentTask()?.getName()); // "Task-1"
 * });
 * ```
 * @public
 */
export function currentTask(loop?: EventLoop | null): Task<unknown> | null {
  if (loop != null && !_isEventLoop(loop)) _checkLoop("currentTask", "loop", loop);
  const l = loop ?? getRunningLoop();
  const t = runningTask();
  return t !== null && t._loop === l ? t : null;
}
