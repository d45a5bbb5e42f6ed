import { _checkLoop, _isEventLoop, getRunningLoop, type EventLoop } from "@aio/core";
import { pendingList } from "./registry.js";
import type { Task } from "./task.js";

/**
 * The tasks of `loop` (default: the running loop) that are not done yet (`asyncio.all_tasks`).
 *
 * @remarks
 * A new set each call, in creation order, the running task included. Finished tasks are never in
 * it, and the loop does not keep them alive.
 * @throws Error `"no running event loop"` when `loop` is omitted (or null) and no loop is running.
 * @throws TypeError if `loop` is neither an event loop nor null/undefined.
 * @example
 * ```ts
 * await run(function* () {
 *   createTask(function* () { yield* sleep(1); });
 *   console.log(allTasks().size); // 2: that task and main
 * });
 * ```
 * @public
 */
export function allTasks(loop?: EventLoop | null): Set<Task<unknown>> {
  if (loop != null && !_isEventLoop(loop)) _checkLoop("allTasks", "loop", loop);
  return new Set(pendingList(loop ?? getRunningLoop()));
}
