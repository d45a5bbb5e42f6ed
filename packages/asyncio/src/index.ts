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
  ContextLike,
  CallOptions,
  LoopTracer,
  TracedLoop,
} from "@aio/core";

// @aio/contextvars
export { ContextVar, Context, Token, copyContext, LookupError } from "@aio/contextvars";
export type { ContextVarOptions } from "@aio/contextvars";

// @aio/future
export { Future, wrapPromise } from "@aio/future";
export type { FutureOptions, Waiter, AwaitingTask, DoneCallbackOptions } from "@aio/future";

// @aio/task
export { Task, createTask, ensureFuture, currentTask, allTasks, eagerTaskFactory } from "@aio/task";
export type { CreateTaskOptions, Steppable } from "@aio/task";
// The call graph (asyncio.graph) and allTasks() as a table and a tree.
export { captureCallGraph, formatCallGraph, printCallGraph, formatTaskTable, formatTaskTree } from "@aio/task";
export type { FutureCallGraph, CallGraphOptions, FrameCallGraphEntry } from "@aio/task";

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

// @aio/combinators, @aio/sync, @aio/queue, @aio/executor, @aio/executor-web: nothing internal,
// nothing clashing. A browser bundler picks @aio/executor's browser build, which leaves out the
// Node-only pools (ThreadPoolExecutor, ProcessPoolExecutor, PoolExecutor, toThread).
export * from "@aio/combinators";
export * from "@aio/sync";
export * from "@aio/queue";
export * from "@aio/executor";
export * from "@aio/executor-web";

// @aio/trace: the recorder and its exports (the aio-trace command is not part of the API).
export { TraceRecorder } from "@aio/trace";
export type { TraceRecorderOptions, ChromeTrace, TraceEvent, SvgOptions } from "@aio/trace";
