// The pending tasks of each loop, as an intrusive doubly linked list threaded through the tasks
// themselves: adding and removing is O(1) with no allocation (a Set of 100k tasks cost more than
// the tasks). Tasks are held strongly while pending and unlinked the moment they finish, so a
// fire-and-forget task cannot vanish mid-flight — the CPython pitfall of a loop that holds only
// weak references. allTasks() walks this list.
import { _checkLoop, _isEventLoop, type EventLoop } from "@aio/core";
import type { Task } from "./task.js";

/** @internal A node of a loop's list of pending tasks: a task, or the list's sentinel. */
export interface Linked {
  /** The previous node (null: not in a list). */
  _prev: Linked | null;
  /** The next node (null: not in a list). */
  _next: Linked | null;
}

/** @internal The sentinel of one loop's list. */
export class TaskList implements Linked {
  _prev: Linked = this;
  _next: Linked = this;

  add(t: Linked): void {
    const last = this._prev;
    t._prev = last;
    t._next = this;
    last._next = t;
    this._prev = t;
  }

  remove(t: Linked): void {
    const p = t._prev;
    if (p === null) return; // not linked
    const n = t._next!;
    p._next = n;
    n._prev = p;
    t._prev = t._next = null;
  }

  *[Symbol.iterator](): Generator<Task<unknown>> {
    // Read `_next` before yielding: the consumer may finish (unlink) the task it was given.
    for (let n: Linked | null = this._next; n !== this && n !== null; ) {
      const next: Linked | null = n._next;
      yield n as unknown as Task<unknown>;
      n = next;
    }
  }
}

const byLoop = new WeakMap<EventLoop, TaskList>();
let lastLoop: EventLoop | null = null;
let lastList: TaskList | null = null;

/** @internal The list of pending tasks of `loop` (created on first use). */
export function pendingList(loop: EventLoop): TaskList {
  // Stryker disable next-line ConditionalExpression: a cache of the last lookup; the WeakMap gives the same list
  if (loop === lastLoop) return lastList!;
  let list = byLoop.get(loop);
  if (list === undefined) byLoop.set(loop, (list = new TaskList()));
  lastLoop = loop;
  lastList = list;
  return list;
}

/**
 * For loop implementations: the pending tasks of `loop`, oldest first (a snapshot array).
 * @throws TypeError if `loop` is not an event loop.
 * @public
 */
export function _pendingTasksOf(loop: EventLoop): Task<unknown>[] {
  if (!_isEventLoop(loop)) _checkLoop("_pendingTasksOf", "loop", loop);
  return [...pendingList(loop)];
}
