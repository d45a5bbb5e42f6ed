// Which task is running. Generator tasks (and the first, synchronous part of an async function)
// run inside a task step, which sets `stepping`. Async-function continuations run later, as
// microtasks between loop turns; they find their task through an AsyncLocalStorage that is
// created only when the first async-function task starts, so generator-only programs never pay
// for async context tracking.
import { AsyncLocalStorage } from "node:async_hooks";
import { _isInTurn, getRunningLoop, type EventLoop } from "@aio/core";
import type { Task } from "./task.js";

/** @internal */
export const current: { stepping: Task<unknown> | null; als: AsyncLocalStorage<Task<unknown>> | null } = {
  stepping: null,
  als: null,
};

/** @internal */
export function asyncContext(): AsyncLocalStorage<Task<unknown>> {
  return (current.als ??= new AsyncLocalStorage<Task<unknown>>());
}

/** @internal The running task, whatever its loop. */
export function runningTask(): Task<unknown> | null {
  const t = current.stepping;
  if (t !== null) return t;
  const als = current.als;
  return als !== null && !_isInTurn() ? (als.getStore() ?? null) : null;
}

/**
 * The task that is running now on `loop` (default: the running loop), or null (`asyncio.current_task`).
 *
 * @remarks
 * Correct inside generator coroutines and inside async functions run by a task, after any number
 * of awaits.
 * @throws Error `"no running event loop"` when `loop` is omitted and no loop is running.
 * @example
 * ```ts
 * await run(async () => {
 *   console.log(currentTask()?.getName()); // "Task-1"
 * });
 * ```
 * @public
 */
export function currentTask(loop?: EventLoop): Task<unknown> | null {
  const l = loop ?? getRunningLoop();
  const t = runningTask();
  return t !== null && t._loop === l ? t : null;
}
