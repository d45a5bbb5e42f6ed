/**
 * Interfaces, errors and the running-loop slot shared by every \@aio package.
 *
 * @packageDocumentation
 */
export { CancelledError, InvalidStateError, TimeoutError, BrokenExecutorError } from "./errors.js";
export {
  getRunningLoop,
  getEventLoop,
  setEventLoop,
  _setRunningLoop,
  _getRunningLoop,
  _setInTurn,
  _isInTurn,
} from "./running-loop.js";
export { FUTURE } from "./future-like.js";
export type {
  Awaitable,
  Coroutine,
  CoroutineSource,
  FutureLike,
  TaskLike,
  TaskOptions,
  TaskFactory,
} from "./future-like.js";
export type { EventLoop, Handle, TimerHandle, ExceptionContext, ExceptionHandler } from "./event-loop.js";
export type { ContextLike, CallOptions } from "./context-like.js";
export type { SteppingTask, StepPausingLoop } from "./step.js";
export type { LoopTracer, TracedLoop } from "./trace.js";
export { _setTracerFactory, _tracerForNewLoop } from "./trace.js";
export type { Executor, ConcurrentFutureLike, ShutdownOptions } from "./executor.js";
export { isFuture, isCoroutine, isCoroutineFunction } from "./predicates.js";
export { _describe, _toText } from "./describe.js";
export { _isEventLoop, _checkLoop, _checkOptions } from "./check.js";
export { _microtask } from "./microtask.js";
