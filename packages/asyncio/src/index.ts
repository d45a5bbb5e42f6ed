/**
 * Python's asyncio for TypeScript: every \@aio package under one import, so
 * `import * as asyncio from "@aio/asyncio"` reads like Python.
 *
 * @remarks
 * Each name here is the very same export as in the package that defines it (`asyncio.Future ===`
 * the `Future` of \@aio/future). Names starting with `_` are hooks between packages and are not
 * re-exported. \@aio/core declares `EventLoop`, `Handle` and `TimerHandle` as interfaces; this
 * package exports the classes of \@aio/loop under those names instead (they implement them).
 *
 * @packageDocumentation
 */
// @aio/core: errors, the running-loop slot, predicates and the shared types.
export {
  CancelledError,
  InvalidStateError,
  TimeoutError,
  BrokenExecutorError,
  getRunningLoop,
  getEventLoop,
  setEventLoop,
  isFuture,
  isCoroutine,
  isCoroutineFunction,
  FUTURE,
} from "@aio/core";
export type {
  Awaitable,
  Coroutine,
  CoroutineSource,
  FutureLike,
  TaskLike,
  TaskOptions,
  TaskFactory,
  ExceptionContext,
  ExceptionHandler,
  Executor,
  ConcurrentFutureLike,
  ShutdownOptions,
  SteppingTask,
  StepPausingLoop,
} from "@aio/core";

// @aio/future
export { Future, wrapPromise } from "@aio/future";
export type { FutureOptions, Waiter, AwaitingTask } from "@aio/future";

// @aio/task
export { Task, createTask, ensureFuture, currentTask, allTasks, eagerTaskFactory } from "@aio/task";
export type { CreateTaskOptions, Steppable } from "@aio/task";

// @aio/loop: the EventLoop, Handle and TimerHandle classes replace core's interfaces of those names.
export {
  EventLoop,
  TestLoop,
  Handle,
  TimerHandle,
  monotonicClock,
  VirtualClock,
  NodeHost,
  MessageChannelHost,
  ManualHost,
  run,
  Runner,
  newEventLoop,
  KeyboardInterrupt,
} from "@aio/loop";
export type { EventLoopOptions, TestLoopOptions, Clock, Host, RunnerOptions } from "@aio/loop";

// @aio/combinators, @aio/sync, @aio/queue, @aio/executor: nothing internal, nothing clashing.
export * from "@aio/combinators";
export * from "@aio/sync";
export * from "@aio/queue";
export * from "@aio/executor";
