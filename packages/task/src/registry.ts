// The pending tasks of each loop. Tasks are held strongly while pending (and dropped the moment
// they finish), so a fire-and-forget task cannot vanish mid-flight — the CPython pitfall of a loop
// that holds only weak references. allTasks() reads this set.
import type { EventLoop } from "@aio/core";
import type { Task } from "./task.js";

const byLoop = new WeakMap<EventLoop, Set<Task<unknown>>>();
let lastLoop: EventLoop | null = null;
let lastSet: Set<Task<unknown>> | null = null;

/** @internal The set of pending tasks of `loop` (created on first use). */
export function pendingSet(loop: EventLoop): Set<Task<unknown>> {
  if (loop === lastLoop) return lastSet!;
  let set = byLoop.get(loop);
  if (set === undefined) byLoop.set(loop, (set = new Set()));
  lastLoop = loop;
  lastSet = set;
  return set;
}

/**
 * For loop implementations: the live set of pending tasks of `loop` (do not modify it).
 * @public
 */
export function _pendingTasksOf(loop: EventLoop): ReadonlySet<Task<unknown>> {
  return pendingSet(loop);
}
