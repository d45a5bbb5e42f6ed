// The awaitable protocol shared by every package. An @aio awaitable works with both coroutine
// styles: `yield*` (through [Symbol.iterator]) in generator coroutines and `await` (through then).
import type { ContextLike } from "./context-like.js";
import type { EventLoop } from "./event-loop.js";

/**
 * The well-known key that marks an object as an \@aio future.
 *
 * @remarks
 * Its value is the "blocking" flag of CPython's `_asyncio_future_blocking`: `false` normally, set
 * to `true` by the future's iterator just before it yields the future to the task that drives the
 * coroutine, and cleared by that task. `isFuture(x)` checks that the key holds a boolean, so
 * futures made by another copy of the package (or another implementation) still count.
 * @public
 */
export const FUTURE: unique symbol = Symbol.for("@aio/core.future") as never;

/**
 * Something a coroutine can wait on: `yield* x` in a generator coroutine, `await x` in an async
 * function. Both give the awaited value typed `T`.
 * @public
 */
export interface Awaitable<T> extends PromiseLike<T> {
  /** Lets a generator coroutine write `const v = yield* x`. */
  [Symbol.iterator](): Iterator<unknown, T, unknown>;
}

/**
 * A generator coroutine that returns `T`: what a `function*` annotated `Coroutine<T>` produces.
 *
 * @remarks
 * Inside it, `yield* aw` waits for any {@link Awaitable} and a bare `yield` gives up one loop
 * iteration. Calling the generator function runs no code; a task drives it with `next()` and
 * `throw(err)`.
 * @public
 */
export type Coroutine<T = unknown> = Generator<unknown, T, unknown>;

/**
 * The interface of a loop-bound future (`asyncio.Future`), implemented by `Future` in \@aio/future.
 * @public
 */
export interface FutureLike<T> extends Awaitable<T> {
  /** The protocol marker and blocking flag; see {@link FUTURE}. */
  [FUTURE]: boolean;
  /** The result; throws the stored error, `CancelledError` if cancelled, `InvalidStateError` if pending. */
  result(): T;
  /** The stored error or null; throws `CancelledError` if cancelled, `InvalidStateError` if pending. */
  exception(): unknown;
  /** Completes the future with a value; `InvalidStateError` if already done. */
  setResult(value: T): void;
  /** Completes the future with an error; `InvalidStateError` if already done. */
  setException(error: unknown): void;
  /** True once the future has a result, an error, or was cancelled. */
  done(): boolean;
  /** True if the future was cancelled. */
  cancelled(): boolean;
  /** Cancels the future if it is pending; returns whether it did. */
  cancel(msg?: string): boolean;
  /** Schedules `fn(future)` with `loop.callSoon` once the future is done. */
  addDoneCallback(fn: (future: this) => void): void;
  /** Removes every registration of `fn`; returns how many there were. */
  removeDoneCallback(fn: (future: this) => void): number;
  /** The loop the future is bound to. */
  getLoop(): EventLoop;
}

/**
 * The interface of a task (`asyncio.Task`), implemented by `Task` in \@aio/task.
 * @public
 */
export interface TaskLike<T> extends FutureLike<T> {
  /** How many cancellation requests are pending. */
  cancelling(): number;
  /** Withdraws one cancellation request; returns how many remain. */
  uncancel(): number;
  /** The task's name (`Task-<n>` unless given). */
  getName(): string;
  /** Renames the task. */
  setName(name: string): void;
  /** The coroutine (generator or async function) the task runs. */
  getCoro(): unknown;
  /** Aborted when cancellation of the task is requested, for foreign APIs. */
  readonly signal: AbortSignal;
}

/**
 * What a task can run: a generator coroutine, a generator function or async function (called on
 * the task's first step, inside the task), or a PromiseLike (wrapped).
 * @public
 */
export type CoroutineSource<T> =
  | Coroutine<T>
  | (() => Coroutine<T>)
  | (() => PromiseLike<T>)
  | PromiseLike<T>;

/**
 * Options for creating a task.
 * @public
 */
export interface TaskOptions {
  /** The task's name. @defaultValue `Task-<n>` */
  name?: string | undefined;
  /**
   * Run the first step synchronously inside `createTask` when the loop is running
   * (CPython's `eager_start`). @defaultValue false
   */
  eagerStart?: boolean | undefined;
  /**
   * The context the task runs in (CPython's `context=`). @defaultValue a copy of the context
   * current when the task is created
   */
  context?: ContextLike | null | undefined;
}

/**
 * Creates tasks for a loop that has it installed with `setTaskFactory`; called as
 * `factory(loop, coro, options)`.
 * @public
 */
export type TaskFactory = <T>(loop: EventLoop, coro: CoroutineSource<T>, options?: TaskOptions) => TaskLike<T>;
