import type { CallOptions } from "./context-like.js";
import type { Executor } from "./executor.js";
import type { CoroutineSource, FutureLike, TaskFactory, TaskLike, TaskOptions } from "./future-like.js";

/**
 * A callback scheduled on a loop (`asyncio.Handle`).
 * @public
 */
export interface Handle {
  /** Stops the callback from running, if it has not run yet. */
  cancel(): void;
  /** True once `cancel()` was called. */
  cancelled(): boolean;
}

/**
 * A callback scheduled for a point in time (`asyncio.TimerHandle`).
 * @public
 */
export interface TimerHandle extends Handle {
  /** The loop time (seconds) at which the callback is due. */
  when(): number;
}

/**
 * What an exception handler receives (CPython's context dict).
 * @public
 */
export interface ExceptionContext {
  /** What went wrong, in words. */
  message: string;
  /** The error, where there is one. */
  exception?: unknown;
  /** The future involved, where there is one. */
  future?: FutureLike<unknown>;
  /** The task involved, where there is one. */
  task?: TaskLike<unknown>;
  /** The handle whose callback failed, where there is one. */
  handle?: Handle;
  /** Other keys (CPython: `asyncgen`, `source_traceback`, `task_group`, ...). */
  [key: string]: unknown;
}

/**
 * Handles errors nobody else could (`loop.set_exception_handler`); called as `(loop, context)`.
 * @public
 */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/**
 * The event loop contract (`asyncio.AbstractEventLoop`), implemented by `EventLoop` in \@aio/loop.
 *
 * @remarks
 * Times are in seconds. Packages other than \@aio/loop only ever talk to a loop through this
 * interface, which is what lets a custom loop run all of them.
 * @public
 */
export interface EventLoop {
  /** Schedules `callback(...args)` for the next loop iteration (FIFO). */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
  /** Schedules `callback(...args)` for the next loop iteration, in `options.context`. */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: [...A, CallOptions]): Handle;
  /** Schedules `callback(...args)` after `delay` seconds. */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
  /** Schedules `callback(...args)` after `delay` seconds, in `options.context`. */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: [...A, CallOptions]): TimerHandle;
  /** Schedules `callback(...args)` at loop time `when`. */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
  /** Schedules `callback(...args)` at loop time `when`, in `options.context`. */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: [...A, CallOptions]): TimerHandle;
  /** The loop's monotonic time in seconds. */
  time(): number;
  /** A new pending future bound to this loop. */
  createFuture<T>(): FutureLike<T>;
  /** A new task on this loop (through the task factory if one is set). */
  createTask<T>(coro: CoroutineSource<T>, options?: TaskOptions): TaskLike<T>;
  /** Sets (or clears) the task factory. */
  setTaskFactory(factory: TaskFactory | null): void;
  /** The task factory, or null. */
  getTaskFactory(): TaskFactory | null;
  /** Runs the loop until `aw` completes; resolves to its result. */
  runUntilComplete<T>(aw: CoroutineSource<T> | FutureLike<T>): Promise<T>;
  /** Runs the loop until `stop()` is called. */
  runForever(): Promise<void>;
  /** Stops the loop after the current iteration. */
  stop(): void;
  /** True while the loop runs. */
  isRunning(): boolean;
  /** True once closed. */
  isClosed(): boolean;
  /** Closes the loop, dropping pending callbacks. */
  close(): void;
  /** Sets (or clears) the exception handler. */
  setExceptionHandler(handler: ExceptionHandler | null): void;
  /** The exception handler, or null. */
  getExceptionHandler(): ExceptionHandler | null;
  /** Reports an error through the exception handler (or the default one). */
  callExceptionHandler(context: ExceptionContext): void;
  /** The handler used when none is set: prints the context. */
  defaultExceptionHandler(context: ExceptionContext): void;
  /** Turns debug mode on or off. */
  setDebug(enabled: boolean): void;
  /** Whether debug mode is on. */
  getDebug(): boolean;
  /** In debug mode, callbacks taking at least this many seconds are reported. */
  slowCallbackDuration: number;
  /**
   * In debug mode, a cancelled task that has not reached a cancellation point after this many
   * seconds of loop time is reported (optional: 1 when a loop does not have it).
   */
  slowCancelDuration?: number;
  /** Runs `fn(...args)` in `executor` (or the default executor) and returns a future on this loop. */
  runInExecutor<A extends unknown[], R>(
    executor: Executor | null,
    fn: (...args: A) => R,
    ...args: A
  ): FutureLike<Awaited<R>>;
  /** Sets the executor `runInExecutor(null, ...)` uses. */
  setDefaultExecutor(executor: Executor): void;
  /** Shuts the default executor down and waits for it. */
  shutdownDefaultExecutor(): Promise<void>;
  /**
   * Optional (loops on hosts that deliver POSIX signals, such as \@aio/loop's on Node): calls
   * `callback(...args)` as a loop callback each time the process receives `signal` (a name such
   * as `"SIGTERM"`, or a number).
   */
  addSignalHandler?<A extends unknown[]>(signal: string | number, callback: (...args: A) => unknown, ...args: A): void;
  /** Optional, with `addSignalHandler`: removes the handler of `signal`; false if none was set. */
  removeSignalHandler?(signal: string | number): boolean;
  /**
   * Optional, for the \@aio packages: runs `callback` when the loop is closed (after it is marked
   * closed), for resources that outlive tasks, such as child processes. Returns a function that
   * unregisters it.
   */
  _onClose?(callback: () => void): () => void;
}
