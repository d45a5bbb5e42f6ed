// The recorder reads a few members of the tasks and timers the loop hands it. It checks their
// shape instead of using `instanceof`: a traced program may load its own copy of @aio/task (a
// checkout's sources, a bundle), and the recorder must understand its tasks all the same.
import type { EventLoop, FutureLike } from "@aio/core";

/** @internal What the recorder reads of a task. */
export interface TaskShape {
  getName(): string;
  getLoop(): EventLoop;
  done(): boolean;
  /** The future the task awaits now (\@aio/task's `_futWaiter`), or null. */
  _futWaiter: FutureLike<unknown> | null;
}

/** @internal `x` if it looks like an \@aio task, else null. */
export function asTask(x: unknown): TaskShape | null {
  if (x === null || typeof x !== "object") return null;
  return typeof (x as Partial<TaskShape>).getName === "function" && "_futWaiter" in x ? (x as TaskShape) : null;
}

/**
 * @internal How what a task awaited is shown: `Task 'name'` for a task; for a future, the name of
 * its class (`Future`, `GatheringFuture`, ...), which is all the recorder keeps of it.
 */
export function describeAwaited(x: unknown): string {
  const t = asTask(x);
  if (t !== null) return `Task '${t.getName()}'`;
  return typeof x === "function" && x.name !== "" ? x.name : "Future";
}
