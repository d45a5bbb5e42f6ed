import {
  CancelledError,
  _checkOptions,
  getRunningLoop,
  isCoroutine,
  type Awaitable,
  type Coroutine,
  type CoroutineSource,
  type EventLoop,
  type FutureLike,
  type TaskLike,
} from "@aio/core";
import { createTask, type CreateTaskOptions, type Task, _drive as drive, _addAwaitedBy, _discardAwaitedBy } from "@aio/task";
import { checkBody, requireTask, runBody, runBodyAsync } from "./body.js";
import { describe, isThenable } from "./describe.js";
import { ExceptionGroup } from "./exception-group.js";
import { Operation } from "./operation.js";
import type { Body } from "./types.js";

/**
 * Options for {@link TaskGroup.createTask}.
 * @public
 */
export interface TaskGroupTaskOptions {
  /** The task's name. @defaultValue `Task-<n>` */
  name?: string | undefined;
  /**
   * The context the child runs in (a `Context` of \@aio/contextvars). @defaultValue a copy of the
   * context current when the child is created
   */
  context?: CreateTaskOptions["context"];
}

/** CPython closes the coroutine of a task it refuses to create. */
function close(coro: unknown): void {
  if (isCoroutine(coro)) coro.return(undefined);
}

/**
 * A group of child tasks tied to the task that created the group (`asyncio.TaskGroup`); see
 * {@link taskGroup}, the usual way to get one.
 *
 * @remarks
 * When the group's block ends, it waits for every child. The first child that fails (with
 * anything but `CancelledError`) cancels all the other children and the task that runs the block,
 * so the block stops at its current await; all the errors are then thrown together as an
 * {@link ExceptionGroup}. A cancelled child is not an error.
 *
 * `await using tg = new TaskGroup()` also works in an async function, with two limits JavaScript
 * imposes, because a disposer cannot see the error that ended the block: an error thrown by the
 * block does not cancel the children (the group waits for them normally) and is not part of the
 * `ExceptionGroup`; when both the block and the group fail, JavaScript reports a `SuppressedError`
 * whose `error` is the `ExceptionGroup`. Prefer {@link taskGroup}, which has neither limit and
 * also works in generator coroutines.
 *
 * Cancellation: see {@link taskGroup}. In the `await using` form, a block that ends while its task
 * has a cancellation pending (an outside cancel) cancels the children before waiting for them.
 * @public
 */
export class TaskGroup {
  /** @internal The block has ended and the group waits for its children. */
  _exiting = false;
  /** @internal The children are being cancelled (a child failed, or the block failed or was cancelled). */
  _aborting = false;
  /** @internal The loop the group's tasks run on. */
  readonly _loop: EventLoop;
  /** @internal The task that runs the block. */
  readonly _parentTask: TaskLike<unknown>;
  /** @internal The group cancelled the parent itself (and must uncancel it on exit). */
  _parentCancelRequested = false;
  /** @internal Pending children, in creation order (the order they are cancelled in). */
  readonly _tasks = new Set<TaskLike<unknown>>();
  /** @internal The children's errors, in the order they happened (null once raised). */
  _errors: unknown[] | null = [];
  /** @internal Set when the last child finishes while the block waits for them. */
  _onCompletedFut: FutureLike<void> | null = null;

  /**
   * Creates a group whose parent is the current task (the `async with` entry).
   * @throws Error `"no running event loop"` outside a loop, or when there is no current task.
   */
  constructor() {
    this._loop = getRunningLoop();
    this._parentTask = requireTask(this._loop, "TaskGroup");
    // For the call graph: the task running the block awaits the children, whatever it awaits itself.
    _addAwaitedBy(this._parentTask, this._tasks);
  }

  /**
   * Starts `coro` as a child task of the group and returns the task (like `createTask`).
   *
   * @remarks
   * Cancellation: the child is cancelled when another child fails or the block is cancelled or
   * fails; cancelling the child yourself is not an error for the group.
   * @throws Error if the group has finished (`"... is finished"`) or is cancelling its children
   * after a failure (`"... is shutting down"`); a generator coroutine passed in is closed.
   * @throws TypeError if `coro` is not something a task can run or `options` is not an options object.
   */
  createTask<T>(coro: CoroutineSource<T>, options: TaskGroupTaskOptions = {}): Task<T> {
    if (options === null || typeof options !== "object") _checkOptions("TaskGroup.createTask", "{ name?, context? }", options);
    if (!isCoroutine(coro) && typeof coro !== "function" && !isThenable(coro)) {
      throw new TypeError(`TaskGroup.createTask(coro): a coroutine was expected, got ${describe(coro)}`);
    }
    if (this._exiting && this._tasks.size === 0) {
      close(coro);
      throw new Error(`TaskGroup ${this} is finished`);
    }
    if (this._aborting) {
      close(coro);
      throw new Error(`TaskGroup ${this} is shutting down`);
    }
    const taskOptions: CreateTaskOptions = { loop: this._loop };
    if (options.name !== undefined) taskOptions.name = options.name;
    if (options.context != null) taskOptions.context = options.context;
    const task = createTask(coro, taskOptions);
    // An eager task may be done already: account for it now rather than through a callback.
    if (task.done()) this._onTaskDone(task);
    else {
      this._tasks.add(task);
      task.addDoneCallback(this._onTaskDone);
    }
    return task;
  }

  /**
   * The `await using` exit: waits for every child, then throws the children's errors as an
   * {@link ExceptionGroup}. See the class remarks for what this form cannot do.
   *
   * @remarks
   * Cancellation: waiting for the children is an await point; cancelling the task meanwhile
   * cancels every child that is still running, and the exit then ends with `CancelledError`.
   */
  [Symbol.asyncDispose](): Promise<void> {
    // The disposer cannot see an error that ended the block; a pending cancellation of the parent
    // is the sign the block is being torn down, so the children are cancelled as CPython would.
    const abort = this._parentTask.cancelling() > 0 && !this._parentCancelRequested;
    return drive(this._exit(false, undefined, abort));
  }

  /** Shows the group's state: `<TaskGroup tasks=2 errors=1 cancelling>`. */
  toString(): string {
    let info = "";
    if (this._tasks.size > 0) info += ` tasks=${this._tasks.size}`;
    if (this._errors !== null && this._errors.length > 0) info += ` errors=${this._errors.length}`;
    info += this._aborting ? " cancelling" : " entered";
    return `<TaskGroup${info}>`;
  }

  /** @internal Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @internal Cancel every child that is still running, in creation order. */
  _abort(): void {
    this._aborting = true;
    for (const t of this._tasks) if (!t.done()) t.cancel();
  }

  /** @internal Done callback of every child. */
  readonly _onTaskDone = (task: TaskLike<unknown>): void => {
    this._tasks.delete(task);
    const fut = this._onCompletedFut;
    if (fut !== null && this._tasks.size === 0 && !fut.done()) fut.setResult(undefined);
    if (task.cancelled()) return;
    const error = task.exception();
    if (error === null) return;
    this._errors?.push(error);
    if (this._parentTask.done()) {
      this._loop.callExceptionHandler({
        message: `Task ${task} has errored out but its parent task ${this._parentTask} is already completed`,
        exception: error,
        task,
      });
      return;
    }
    if (!this._aborting && !this._parentCancelRequested) {
      // Interrupt the block wherever it is waiting; _exit() withdraws this request again.
      this._abort();
      this._parentCancelRequested = true;
      this._parentTask.cancel();
    }
  };

  /**
   * @internal CPython's `__aexit__`: wait for the children (cancelling them if the block failed or
   * is cancelled), then decide what the block ends with. Returns normally when the block's own
   * error (if any) should propagate unchanged.
   */
  *_exit(failed: boolean, error: unknown, abort = failed): Coroutine<void> {
    this._exiting = true;
    let propagate: CancelledError | null = failed && error instanceof CancelledError ? error : null;
    if (abort && !this._aborting) this._abort();
    while (this._tasks.size > 0) {
      this._onCompletedFut ??= this._loop.createFuture<void>();
      try {
        yield* this._onCompletedFut;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        if (!this._aborting) {
          // The parent is being cancelled from outside while the children finish.
          propagate = e;
          this._abort();
        }
      }
      this._onCompletedFut = null;
    }
    _discardAwaitedBy(this._parentTask, this._tasks);
    if (this._parentCancelRequested && this._parentTask.uncancel() === 0) propagate = null;
    const errors = this._errors!;
    // Errors win over cancellation.
    if (propagate !== null && errors.length === 0) throw propagate;
    if (failed && !(error instanceof CancelledError)) errors.push(error);
    if (errors.length > 0) {
      // Keep an outside cancel request counted while we raise something else.
      if (this._parentTask.cancelling() > 0) {
        this._parentTask.uncancel();
        this._parentTask.cancel();
      }
      this._errors = null;
      throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
  }
}

function* taskGroupBlock<R>(tg: TaskGroup, body: Body<TaskGroup, R>): Coroutine<R> {
  let result: R;
  try {
    result = yield* runBody(body, tg, tg._loop);
  } catch (e) {
    yield* tg._exit(true, e);
    throw e;
  }
  yield* tg._exit(false, undefined);
  return result;
}

async function taskGroupBlockAsync<R>(tg: TaskGroup, body: Body<TaskGroup, R>): Promise<R> {
  let result: R;
  try {
    result = await runBodyAsync(body, tg);
  } catch (e) {
    await drive(tg._exit(true, e));
    throw e;
  }
  await drive(tg._exit(false, undefined));
  return result;
}

/**
 * Runs `body` with a {@link TaskGroup} and waits for every task it starts
 * (`async with asyncio.TaskGroup() as tg`): structured concurrency.
 *
 * @remarks
 * `body(tg)` starts children with `tg.createTask(coro)` (also from inside children). The block
 * ends once `body` has returned and every child is done, and resolves to what `body` returned.
 *
 * Failure: the first child that fails cancels every other child and interrupts `body` at its
 * current await. When all children are done, the errors — the children's, in the order they
 * happened, then `body`'s own if it threw — are thrown together as an {@link ExceptionGroup}
 * (message `"unhandled errors in a TaskGroup"`). Cancelled children are not errors. After a
 * failure, `tg.createTask` throws (the group is shutting down); after the block, too (finished).
 *
 * A generator-function body runs inline in the caller's task, like an `async with` block; an
 * async-function body awaited with `await` runs inline in the calling async-function task. Either
 * way the body starts in the caller's step, at the `yield*` or `await`. An async body under
 * `yield*` cannot report its awaits to a generator task, so it runs as a child task the caller
 * awaits; the child's first step still runs at once, in the caller's step, but `currentTask()` in
 * the body is that child (named like the caller), and the caller resumes one loop iteration after
 * the body ends. Must run inside a task.
 *
 * The returned awaitable is the block: it can be entered once. Awaiting it again — after it
 * ended, or from inside its own body — throws an `Error` saying the task group "has already been
 * entered", as CPython's `async with` on a used `TaskGroup` does (from inside the body, the
 * error is the body's, so it leaves in the group's `ExceptionGroup`).
 *
 * Cancellation: cancelling the task that runs the block cancels `body` at its await and every
 * child; the block then waits for the children and throws `CancelledError` — unless a child
 * failed, because errors win over cancellation (the cancel request stays counted, so the
 * `CancelledError` arrives at the task's next await). The group's own cancellation of the
 * parent is withdrawn with `uncancel()` on exit.
 * @param body - the block: `function* (tg) { ... }` or `async (tg) => { ... }`.
 * @throws TypeError if `body` is not a function.
 * @throws Error (when awaited) `"TaskGroup should be used inside a task"` outside a task, and
 * `"TaskGroup ... has already been entered"` the second time.
 * @example
 * ```ts
 * await run(function* () {
 *   const [a, b] = yield* taskGroup(function* (tg) {
 *     const a = tg.createTask(fetchUser);
 *     const b = tg.createTask(fetchOrders);
 *     return [a, b] as const;
 *   });
 *   console.log(a.result(), b.result()); // both done here
 * });
 * ```
 * @public
 */
export function taskGroup<R>(body: Body<TaskGroup, R>): Awaitable<R> {
  checkBody("taskGroup", body);
  let tg: TaskGroup | null = null; // made when the block is entered (it needs the current task)
  return new Operation(
    "taskGroup()",
    () => taskGroupBlock((tg = new TaskGroup()), body),
    () => taskGroupBlockAsync((tg = new TaskGroup()), body),
    () => new Error(tg === null ? "TaskGroup has already been entered" : `TaskGroup ${tg} has already been entered`),
  );
}
