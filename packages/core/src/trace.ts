// What a loop tells a trace recorder, and how a tool switches tracing on for every new loop.
// The loop (@aio/loop) and the task (@aio/task) only know this interface; a recorder (@aio/trace)
// implements it. With no recorder set, each place that would report costs one null check.
import type { EventLoop, TimerHandle } from "./event-loop.js";
import type { TaskLike } from "./future-like.js";
import { _describe } from "./describe.js";

/**
 * For tracing tools: what a loop reports while a recorder is set (`loop.setTraceRecorder(rec)` in
 * \@aio/loop). Every method is called synchronously, from the loop's own code, so it must be cheap
 * and must not throw.
 *
 * @remarks
 * The loop runs ready entries (a task's step, the waiter that resumes an async-function task, a
 * `callSoon` callback, a due timer) one at a time. An entry is known by the number the loop gave it
 * when it was queued (`seq`, counted per loop). `queued` is called while another entry runs, so
 * "which entry queued which" gives the wake-ups. An async-function task's step goes on in
 * microtasks after its entry returned: `runEnd` comes when the step has ended.
 * @public
 */
export interface LoopTracer {
  /** The loop queued ready entry number `seq` (`entry` is the callback or the runnable object). */
  queued(loop: EventLoop, seq: number, entry: unknown): void;
  /**
   * The loop starts running ready entry number `seq`: `entry` is a task, a waiter of an
   * async-function task, a callback, or a timer handle; `arg` is the callback's argument, if any.
   */
  runBegin(loop: EventLoop, seq: number, entry: unknown, arg: unknown): void;
  /**
   * The entry that began last has ended, with the step it started. If another `runBegin` follows
   * with no other call in between, only the loop's own bookkeeping ran in between.
   */
  runEnd(loop: EventLoop): void;
  /** A timer was scheduled (`callLater`, `callAt`). */
  timerScheduled(loop: EventLoop, timer: TimerHandle): void;
  /** A task was created on the loop (called from the task's constructor). */
  taskCreated(task: TaskLike<unknown>): void;
  /** `task.cancel(msg)` counted a new cancellation request. */
  cancelRequested(task: TaskLike<unknown>, msg: string | undefined): void;
  /**
   * A turn begins: the host woke the loop (or a `TestLoop` runs one synchronously). `lag` is how
   * late, in seconds of loop time, the turn started after the timer deadline it was armed for (0
   * when it was not waiting for a timer). Until the turn's first `runBegin`, only the loop's own
   * bookkeeping runs.
   */
  hostTurn(loop: EventLoop, lag: number): void;
}

/**
 * For loop and task implementations: the member a traced loop has (null or absent: not traced).
 * @public
 */
export interface TracedLoop {
  /** The recorder the loop reports to. */
  readonly _tracer?: LoopTracer | null;
}

/** What makes the recorder of a new loop (or leaves it untraced: null). */
type TracerFactory = (loop: EventLoop) => LoopTracer | null;

// Process-wide, shared by every copy of @aio/core (as the running-loop slot is).
const KEY = Symbol.for("@aio/core.tracerFactory");
const store = globalThis as Record<symbol, TracerFactory | null | undefined>;

/**
 * For tracing tools: sets the function every loop created from now on asks for its recorder (the
 * `aio-trace` command uses it to trace a program it did not write); null stops it.
 * @throws TypeError if `factory` is neither a function nor null.
 * @public
 */
export function _setTracerFactory(factory: ((loop: EventLoop) => LoopTracer | null) | null): void {
  if (factory !== null && typeof factory !== "function") {
    throw new TypeError(`_setTracerFactory(factory): expected a function or null, got ${_describe(factory)}`);
  }
  store[KEY] = factory;
}

/**
 * For loop implementations: the recorder a new loop starts with (null unless a tracing tool set a
 * factory with {@link _setTracerFactory}).
 * @public
 */
export function _tracerForNewLoop(loop: EventLoop): LoopTracer | null {
  const factory = store[KEY];
  return typeof factory === "function" ? factory(loop) : null;
}
