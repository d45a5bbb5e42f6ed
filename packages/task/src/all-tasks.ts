import { getRunningLoop, type EventLoop } from "@aio/core";
import { pendingList } from "./registry.js";
import type { Task } from "./task.js";

/**
 * The tasks of `loop` (default: the running loop) that are not done yet (`asyncio.all_tasks`).
 * @throws Error `"no running event loop"` when `loop` is omitted and no loop is running.
 * @public
 */
export function allTasks(loop?: EventLoop): Set<Task<unknown>> {
  return new Set(pendingList(loop ?? getRunningLoop()));
}
