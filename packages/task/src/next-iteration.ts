// One loop iteration for an async function: what a bare `yield` is to a generator task. CPython's
// bare yield leaves the task waiting on nothing (a cancel sets `_must_cancel`, which lands at the
// next step), so no future is made: the loop runs this object itself, one iteration later, and the
// task's next step begins there.
import { _checkLoop, _isEventLoop, type EventLoop } from "@aio/core";
import { _Reaction as Reaction } from "@aio/future";
import { current, detached, runningTask } from "./current.js";
import { endStepSoon, type Task } from "./task.js";

class NextIteration<R> extends Reaction<void, R> {
  constructor(
    private readonly loop: EventLoop,
    private readonly task: Task<unknown> | null,
    onFulfilled: (() => R | PromiseLike<R>) | null | undefined,
    onRejected: ((reason: unknown) => R | PromiseLike<R>) | null | undefined,
  ) {
    super(onFulfilled, onRejected);
  }

  /** Called by the loop: the iteration has passed. */
  _run(): void {
    const task = this.task;
    if (task === null) {
      // Not a task: its continuation is a microtask, to run before the loop's next iteration.
      (this.loop as { _hintMicrotasks?: () => void })._hintMicrotasks?.();
      this._fire(true, undefined);
      return;
    }
    const cancel = task._resumeFromYield();
    if (cancel !== null) this._fire(false, cancel);
    else this._fire(true, undefined);
  }
}

/**
 * For the \@aio packages: one loop iteration for an async function, like a generator's bare
 * `yield`: settles after the callbacks ready now have run. A cancellation of the awaiting task
 * requested meanwhile (or already pending) lands here, as a `CancelledError`.
 * @throws TypeError if `loop` is not an event loop.
 * @throws Error `"Event loop is closed"` if it is closed.
 * @public
 */
export function _nextIteration<R1 = void, R2 = never>(
  loop: EventLoop,
  onFulfilled?: (() => R1 | PromiseLike<R1>) | null,
  onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
): PromiseLike<R1 | R2> {
  // Stryker disable next-line ConditionalExpression: the inline test only saves a call; _checkLoop() lets a loop through.
  if (!_isEventLoop(loop)) _checkLoop("_nextIteration", "loop", loop);
  let task = runningTask();
  if (
    task !== null &&
    (task._mode < 2 ||
      // Stryker disable next-line ConditionalExpression: runningTask() never gives a finished task (a guard only)
      task._state !== 0 ||
      task._loop !== loop)
  ) {
    task = null;
  }
  const next = new NextIteration<R1 | R2>(loop, task, onFulfilled, onRejected);
  if (task !== null) {
    task._futWaiter = null; // waiting on nothing, as after a bare yield
    // Stryker disable next-line ConditionalExpression: a fast path; deleting a task the set does not hold changes nothing
    if (detached.size !== 0) detached.delete(task);
    if (current.asyncStep === task) endStepSoon(task);
  }
  const l = loop as EventLoop & { _enqueue?: (r: { _run(): void }) => void };
  if (l._enqueue !== undefined) l._enqueue(next);
  else loop.callSoon(() => next._run());
  return next;
}
