import {
  _checkOptions,
  _getRunningLoop,
  _setInTurn,
  _setRunningLoop,
  _tracerForNewLoop,
  isCoroutine,
  isFuture,
  type CoroutineSource,
  type EventLoop as EventLoopContract,
  type ExceptionContext,
  type ExceptionHandler,
  type CallOptions,
  type LoopTracer,
  type TracedLoop,
  type SteppingTask,
  type StepPausingLoop,
  type Executor,
  type FutureLike,
  type TaskFactory,
  type TaskOptions,
} from "@aio/core";
import { Future, _reportUnretrieved } from "@aio/future";
import { _captureContext, type Context } from "@aio/contextvars";
import { Task, ensureFuture, _pendingTasksOf, type CreateTaskOptions } from "@aio/task";
import { ContextCall, contextOf, isCallOptions } from "./context-call.js";
import { monotonicClock, type Clock } from "./clock.js";
import { chainConcurrent, isExecutor, loadDefaultExecutor } from "./executor-bridge.js";
import { formatExceptionContext } from "./exception-report.js";
import { Handle, TimerHandle } from "./handle.js";
import { defaultHost, type Host } from "./host.js";
import { Call, NO_ARG, ReadyQueue, RUN, type Runnable } from "./ready-queue.js";
import { SignalHandlers } from "./signal-handlers.js";
import { TimerHeap } from "./timer-heap.js";
import { checkTracer } from "./tracer-check.js";
import { describe, checkCallback, checkClock, checkContext, checkHost, checkTime, isThenable } from "./validate.js";

/**
 * Options for {@link EventLoop}.
 * @public
 */
export interface EventLoopOptions {
  /** What time it is. @defaultValue `monotonicClock` (real time) */
  clock?: Clock | undefined;
  /** How the loop waits and wakes. @defaultValue a new `NodeHost` on Node, a new `MessageChannelHost` in a browser */
  host?: Host | undefined;
  /** Start in debug mode. @defaultValue false */
  debug?: boolean | undefined;
}

// How long one host turn may run before the loop lets I/O and other macrotasks in (ms).
const TURN_BUDGET_MS = 20;

/**
 * The \@aio event loop (`asyncio.EventLoop`): runs callbacks, timers and tasks.
 *
 * @remarks
 * Each iteration runs exactly the callbacks that were ready when it began; what they schedule runs
 * in the next one. Due timers join the ready callbacks at the start of an iteration, in deadline
 * order (equal deadlines in scheduling order). The loop runs many iterations per host turn while
 * work is ready, and asks its {@link Host} to wake it for the next timer when it is idle.
 *
 * A loop is built from a {@link Clock} and a {@link Host}; `new EventLoop()` uses real monotonic
 * time and Node's `setImmediate`/`setTimeout` (in a browser: a `MessageChannel` and `setTimeout`, see
 * {@link MessageChannelHost}). `TestLoop` uses a virtual clock.
 * @example
 * ```ts
 * const loop = new EventLoop();
 * loop.callLater(0.01, () => loop.stop());
 * await loop.runForever();
 * loop.close();
 * ```
 * @public
 */
export class EventLoop implements EventLoopContract, StepPausingLoop, TracedLoop {
  /** In debug mode, callbacks that take at least this many seconds are reported. @defaultValue 0.1 */
  slowCallbackDuration = 0.1;
  /**
   * In debug mode, a task that was cancelled and has not reached a cancellation point (an \@aio
   * await) after this many seconds of loop time is reported through the exception handler, with
   * where it waits. NaN, a negative number or `Infinity` switches the check off. @defaultValue 1
   */
  slowCancelDuration = 1;

  /** @internal What time it is. */
  readonly _clock: Clock;
  /** @internal How the loop waits and wakes. */
  readonly _host: Host;
  /** @internal Handles, and tasks queued directly (see `_enqueue`). */
  readonly _ready = new ReadyQueue();
  /** @internal Scheduled timers, earliest first. */
  readonly _timers = new TimerHeap();
  /** @internal The next timer's sequence number (the FIFO tiebreaker). */
  _timerSeq = 0;
  /** @internal True from runForever() until the loop stops. */
  _running = false;
  /** @internal True once close() was called. */
  _closed = false;
  /** @internal stop() was called: finish this iteration, then stop. */
  _stopping = false;
  /** @internal Whether the loop is inside a host turn (running callbacks synchronously). */
  _inTurn = false;
  /** @internal What the loop has asked its host for: nothing, "as soon as possible", or a deadline. */
  _armed: "none" | "soon" | "timer" = "none";
  /** @internal The deadline the host timer is armed for (Infinity: none, -Infinity: "soon"). */
  _armedDeadline = Infinity;
  /** @internal Native promise reactions were queued: let microtasks run before the next iteration. */
  _microtasks = false;
  /** @internal Debug mode. */
  _debug: boolean;
  /** @internal The handler set with setExceptionHandler(). */
  _exceptionHandler: ExceptionHandler | null = null;
  /** @internal The factory set with setTaskFactory(). */
  _taskFactory: TaskFactory | null = null;
  /** @internal The executor runInExecutor(null, ...) uses, once set or loaded. */
  _defaultExecutor: Executor | null = null;
  /** @internal The lazy import of \@aio/executor, while (or once) it is in progress. */
  _defaultExecutorLoading: Promise<Executor> | null = null;
  /** @internal shutdownDefaultExecutor() was called. */
  _executorShutdownCalled = false;
  /** @internal Resolves the promise runForever() returned. */
  _onStop: (() => void) | null = null;
  /** @internal The signal handlers, made on first use. */
  _signals: SignalHandlers | null = null;
  /** @internal What close() calls (see `_onClose`). */
  _closeCallbacks: Set<() => void> | null = null;
  /** @internal What the host calls: one turn. */
  readonly _tick = (): void => this._turn();
  /**
   * @internal The async-function task whose step the loop waits for before it runs its next
   * entry (see `_pauseForStep`), or null.
   */
  _stepWait: SteppingTask | null = null;
  /** @internal Entries of the current iteration not run yet (kept while the loop waits for a step). */
  _iterLeft = 0;
  /** @internal True while `_drive()` runs entries synchronously (the only time a step can be waited for). */
  _inDrive = false;
  /** @internal When the current host turn began (Date.now()), for the turn budget. */
  _turnStarted = 0;
  /** @internal Iterations run in the current host turn, across the steps it waited for. */
  _turnIterations = 0;
  /**
   * @internal Whether `_drive()` runs from a host turn (every microtask has run) rather than from a
   * microtask that ended a step (code outside the loop, such as a detached task's, may still be
   * in flight).
   */
  // Stryker disable next-line BooleanLiteral: never read before _turn() or _continueAfterStep() sets it
  _fromHost = false;
  /** @internal The trace recorder (see `setTraceRecorder`); null: not traced. */
  _tracer: LoopTracer | null = null;

  /**
   * Creates a loop from a clock and a host (both optional).
   * @throws TypeError if `options` is not an options object, `options.clock` is not a {@link Clock}
   * (`now()` and a numeric `resolution`) or `options.host` is not a {@link Host} (`request()` and
   * `cancel()`).
   * @throws RangeError if the clock's `resolution` is negative, NaN or infinite.
   */
  constructor(options: EventLoopOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError(`EventLoop(options): expected { clock?, host?, debug? }, got ${describe(options)}`);
    }
    // Checked now: a bad clock or host would only fail inside the first run, as an engine error.
    const { clock, host } = options;
    if (clock != null) checkClock("EventLoop", "options.clock", clock);
    if (host != null) checkHost("EventLoop", "options.host", host);
    this._clock = clock ?? monotonicClock;
    this._host = host ?? defaultHost();
    this._debug = Boolean(options.debug ?? false);
    this._tracer = _tracerForNewLoop(this); // null unless a tracing tool asked for every loop
  }

  // ------------------------------------------------------------------ scheduling

  /**
   * Schedules `callback(...args)` to run on the next loop iteration, after callbacks scheduled earlier.
   *
   * @remarks
   * The callback runs in a copy of the context current now (see \@aio/contextvars), or in
   * `options.context`, given as a last argument `{ context }` after the callback's arguments.
   * @throws Error `"Event loop is closed"` on a closed loop.
   * @throws TypeError if `callback` is not a function, or `options.context` is not a Context.
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
  /** Schedules `callback(...args)` for the next loop iteration, to run in `options.context`. */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: [...A, CallOptions]): Handle;
  callSoon(callback: (...args: unknown[]) => unknown, ..._args: unknown[]): Handle {
    if (this._closed) throw new Error("Event loop is closed");
    if (typeof callback !== "function") checkCallback("callSoon", callback);
    // `arguments`, not the rest parameter (there only so that the overloads type-check, and never
    // read, so the optimizing compiler drops it): no array is allocated for 0 or 1 argument.
    let argc = arguments.length - 1;
    let ctx: Context | null = null;
    // A last argument `{ context }` is options, not an argument (see context-call.ts).
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path; with no argument, arguments[argc] is the callback, never options
    if (argc > 0 && isCallOptions(arguments[argc])) ctx = contextOf("callSoon", arguments[argc--]);
    ctx ??= _captureContext();
    let seq: number;
    if (ctx !== null) {
      const list = argc > 1 ? Array.prototype.slice.call(arguments, 1, argc + 1) : null;
      seq = this._ready.push(new ContextCall(callback, argc, argc === 1 ? arguments[1] : undefined, list, ctx, this._callbackFailed), RUN);
    }
    // Stryker disable next-line EqualityOperator: a fast path; one argument wrapped in a Call runs the same
    else if (argc <= 1) seq = this._ready.push(callback, argc === 0 ? NO_ARG : arguments[1]);
    else seq = this._ready.push(new Call(callback, Array.prototype.slice.call(arguments, 1, argc + 1), this._callbackFailed), RUN);
    if (this._tracer !== null) this._tracer.queued(this, seq, callback);
    if (!this._inTurn && this._running) this._arm(0); // (_arm() ignores a second "as soon as possible")
    return new Handle(callback, this, seq);
  }

  /**
   * @internal For tasks: queue an object whose `_run()` the next iteration calls, with no handle
   * allocated (a task is in the ready queue at most once at a time).
   */
  _enqueue(runnable: { _run(): void }): void {
    if (this._closed) throw new Error("Event loop is closed");
    const seq = this._ready.push(runnable, RUN);
    if (this._tracer !== null) this._tracer.queued(this, seq, runnable);
    if (!this._inTurn && this._running) this._arm(0); // (_arm() ignores a second "as soon as possible")
  }

  /**
   * Schedules `callback(...args)` to run `delay` seconds from now (a negative delay means now, and
   * `Infinity` never, as in CPython).
   * @throws TypeError if `delay` is null or not a number, or `callback` is not a function.
   * @throws RangeError if `delay` is NaN.
   * @throws Error `"Event loop is closed"` on a closed loop.
   */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
  /** Schedules `callback(...args)` to run `delay` seconds from now, in `options.context` (see `callSoon`). */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: [...A, CallOptions]): TimerHandle;
  callLater(delay: number, callback: (...args: unknown[]) => unknown, ..._args: unknown[]): TimerHandle {
    checkTime("callLater", "delay", delay);
    if (typeof callback !== "function") checkCallback("callLater", callback);
    let argc = arguments.length - 2;
    let ctx: Context | null = null;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path; with no argument, arguments[argc + 1] is the (checked) callback, never options
    if (argc > 0 && isCallOptions(arguments[argc + 1])) {
      ctx = contextOf("callLater", arguments[argc + 1]);
      argc--;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the list is read only when argc > 1 (the timer picks by argc)
    const args = argc > 1 ? Array.prototype.slice.call(arguments, 2, argc + 2) : null;
    // The argument slot is read only when argc is 1.
    return this._callAt(this._clock.now() + delay, callback, argc, arguments[2], args, ctx ?? _captureContext());
  }

  /**
   * Schedules `callback(...args)` to run at loop time `when` (seconds, as `time()` counts); a time
   * in the past means now.
   * @throws TypeError if `when` is null or not a number, or `callback` is not a function.
   * @throws RangeError if `when` is NaN.
   * @throws Error `"Event loop is closed"` on a closed loop.
   */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
  /** Schedules `callback(...args)` to run at loop time `when`, in `options.context` (see `callSoon`). */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: [...A, CallOptions]): TimerHandle;
  callAt(when: number, callback: (...args: unknown[]) => unknown, ..._args: unknown[]): TimerHandle {
    checkTime("callAt", "when", when);
    let argc = arguments.length - 2;
    let ctx: Context | null = null;
    if (argc > 0 && isCallOptions(arguments[argc + 1])) {
      ctx = contextOf("callAt", arguments[argc + 1]);
      argc--;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the list is read only when argc > 1 (the timer picks by argc)
    const args = argc > 1 ? Array.prototype.slice.call(arguments, 2, argc + 2) : null;
    // The argument slot is read only when argc is 1.
    return this._callAt(when, callback, argc, arguments[2], args, ctx ?? _captureContext());
  }

  /** The loop's clock: monotonic seconds (virtual seconds on a `TestLoop`). */
  time(): number {
    return this._clock.now();
  }

  /** A new pending {@link @aio/future#Future} bound to this loop. */
  createFuture<T>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /**
   * Wraps a coroutine in a task on this loop, through the task factory if one is set.
   * @throws Error `"Event loop is closed"` on a closed loop.
   * @throws TypeError if `options` is not an options object, or (without a task factory, which
   * decides for itself) `coro` is not a generator coroutine, coroutine function or PromiseLike.
   */
  createTask<T>(coro: CoroutineSource<T>, options?: TaskOptions): Task<T> {
    if (this._closed) throw new Error("Event loop is closed");
    _checkOptions("createTask", "{ name?, eagerStart?, context? }", options);
    const factory = this._taskFactory;
    if (factory === null) {
      if (!isCoroutine(coro) && typeof coro !== "function" && !isThenable(coro)) {
        throw new TypeError(`createTask(coro): a coroutine was expected, got ${describe(coro)}`);
      }
      return new Task(coro, { ...(options as CreateTaskOptions | undefined), loop: this });
    }
    const { name, ...rest } = options ?? {};
    const task = factory(this, coro, rest) as Task<T>;
    if (name !== undefined) task.setName(name);
    return task;
  }

  /**
   * Sets the function `createTask` uses, called as `factory(loop, coro, options)`; null restores the default.
   * @throws TypeError if `factory` is neither a function nor null.
   */
  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== "function") {
      throw new TypeError(`setTaskFactory(factory): task factory must be a callable or null, got ${describe(factory)}`);
    }
    this._taskFactory = factory;
  }

  /** The task factory, or null when none is set. */
  getTaskFactory(): TaskFactory | null {
    return this._taskFactory;
  }

  // ------------------------------------------------------------------ running

  /**
   * Runs the loop until `stop()` is called.
   * @returns a promise that settles when the loop stops; misuse is reported as a rejection:
   * the loop is closed, already running, or another loop is running.
   */
  runForever(): Promise<void> {
    try {
      this._checkCanRun();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this._running = true;
      _setRunningLoop(this);
      this._onStop = resolve;
      try {
        this._turn(false);
      } catch (error) {
        // The run failed as it started (a host or clock that throws): it is over, not stuck
        // "running" with nothing left to stop it.
        this._abandonRun();
        reject(error);
      }
    });
  }

  /**
   * Runs the loop until `aw` is done and resolves to its result (or rejects with its error).
   *
   * @remarks
   * `aw` may be a future or task, a generator coroutine, a coroutine function (called inside a new
   * task), or any PromiseLike. Misuse is reported as a rejection: a closed or running loop, a
   * future of another loop (RangeError), something that is not awaitable (TypeError), or `stop()`
   * called before `aw` finished (`"Event loop stopped before Future completed."`).
   */
  async runUntilComplete<T>(aw: CoroutineSource<T> | FutureLike<T>): Promise<T> {
    this._checkCanRun();
    if (isFuture(aw)) {
      if (aw.getLoop() !== this) throw new RangeError(`runUntilComplete(aw): the future belongs to another loop: ${describe(aw)}`);
    } else if (!isCoroutine(aw) && typeof aw !== "function" && !isThenable(aw)) {
      throw new TypeError(`runUntilComplete(aw): expected a future, task, coroutine, coroutine function or PromiseLike, got ${describe(aw)}`);
    }
    const fut = ensureFuture(aw, { loop: this });
    // Only a task made here for a coroutine is exempt from "destroyed but pending" (CPython's rule).
    if (fut !== aw && fut instanceof Task) fut._logDestroyPending = false;
    const stop = (): void => this.stop();
    fut.addDoneCallback(stop);
    try {
      await this.runForever();
    } finally {
      fut.removeDoneCallback(stop);
    }
    if (!fut.done()) throw new Error("Event loop stopped before Future completed.");
    return fut.result();
  }

  /** Stops the loop after the iteration in progress (before `runForever()`: after one iteration). */
  stop(): void {
    this._stopping = true;
    if (this._running && !this._inTurn) this._arm(0);
  }

  /** True while `runForever()` (or `runUntilComplete()`) is in progress. */
  isRunning(): boolean {
    return this._running;
  }

  /** True once `close()` was called. */
  isClosed(): boolean {
    return this._closed;
  }

  /**
   * Closes the loop: pending callbacks and timers are dropped, tasks still pending are reported
   * (`"Task was destroyed but it is pending!"`), so are failed futures and tasks whose exception
   * nobody read (`"... exception was never retrieved"`, unless the collector reported them
   * already), and the default executor is shut down without waiting.
   * Closing twice does nothing.
   * @throws Error `"Cannot close a running event loop"` while it runs.
   */
  close(): void {
    if (this._running) throw new Error("Cannot close a running event loop");
    if (this._closed) return;
    for (const task of _pendingTasksOf(this)) {
      if (task._logDestroyPending) this.callExceptionHandler({ message: "Task was destroyed but it is pending!", task });
    }
    // Failed futures nobody read are reported by the collector, and at the latest here.
    _reportUnretrieved(this);
    this._closed = true;
    this._ready.clear();
    this._iterLeft = 0;
    this._stepWait = null;
    this._timers.clear();
    this._host.cancel();
    this._signals?.clear();
    this._runCloseCallbacks();
    const executor = this._defaultExecutor;
    this._defaultExecutor = null;
    if (executor !== null) void Promise.resolve(executor.shutdown({ wait: false })).catch(() => {});
  }

  // ------------------------------------------------------------------ errors and debug

  /** Sets (or with null removes) the handler for errors nobody else could handle; called as `handler(loop, context)`. */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(`setExceptionHandler(handler): expected a function or null, got ${describe(handler)}`);
    }
    this._exceptionHandler = handler;
  }

  /** The exception handler, or null when none is set. */
  getExceptionHandler(): ExceptionHandler | null {
    return this._exceptionHandler;
  }

  /**
   * Reports `context` to the exception handler, or to the default one when none is set. If the
   * handler itself throws, the default handler reports that (`"Unhandled error in exception handler"`),
   * with the original context (its message and error, with its stack).
   * @throws TypeError if `context` is not an object.
   */
  callExceptionHandler(context: ExceptionContext): void {
    checkContext("callExceptionHandler", context);
    const handler = this._exceptionHandler;
    if (handler === null) {
      this.defaultExceptionHandler(context);
      return;
    }
    try {
      handler(this, context);
    } catch (error) {
      this.defaultExceptionHandler({ message: "Unhandled error in exception handler", exception: error, context });
    }
  }

  /**
   * Prints the context: the message, the other keys (handle, future, task, ...) and the error with
   * its stack. A nested context (the `context` key of `"Unhandled error in exception handler"`) is
   * printed the same way, indented.
   * @throws TypeError if `context` is not an object.
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    checkContext("defaultExceptionHandler", context);
    console.error(formatExceptionContext(context));
  }

  /** Turns debug mode on or off (slow-callback warnings). */
  setDebug(enabled: boolean): void {
    this._debug = Boolean(enabled);
  }

  /** Whether debug mode is on. */
  getDebug(): boolean {
    return this._debug;
  }

  /**
   * Starts (or with null stops) reporting what the loop does to a trace recorder: each task
   * created, each step of each task and each callback it runs, what woke them, timers,
   * cancellations and how late the loop wakes. \@aio/trace's `TraceRecorder` turns that into a
   * Chrome trace (Perfetto) and an SVG timeline; any object implementing `LoopTracer` (from
   * \@aio/core) will do.
   *
   * @remarks
   * Without a recorder the loop pays one null check where it would report. With one, every
   * callback goes through the loop's slow path (as in debug mode).
   * @throws TypeError if `recorder` is neither null nor an object with the `LoopTracer` methods.
   * @example
   * ```ts
   * const rec = new TraceRecorder();
   * const loop = new EventLoop();
   * loop.setTraceRecorder(rec);
   * await loop.runUntilComplete(main);
   * writeFileSync("trace.json", JSON.stringify(rec.toChromeTrace()));
   * ```
   */
  setTraceRecorder(recorder: LoopTracer | null): void {
    if (recorder !== null) checkTracer(recorder);
    this._tracer = recorder;
  }

  /** The trace recorder set with `setTraceRecorder`, or null. */
  getTraceRecorder(): LoopTracer | null {
    return this._tracer;
  }

  // ------------------------------------------------------------------ signals

  /**
   * Calls `callback(...args)` as a loop callback each time the process receives `signal`
   * (`loop.add_signal_handler`).
   *
   * @remarks
   * `signal` is a name (`"SIGINT"`, `"SIGTERM"`, `"SIGUSR2"`, ...) or a signal number. The callback
   * never runs inside the signal event itself: the signal schedules it with `callSoon`, so it runs
   * in a loop iteration like any other callback, and an error it throws goes to the exception
   * handler. A second handler for the same signal replaces the first. Closing the loop removes
   * every handler. Only hosts that can deliver signals support this (`NodeHost`, hence
   * `new EventLoop()`, `TestLoop` and `run()` on Node, in the main thread).
   *
   * A SIGINT handler set here takes Ctrl-C over from `run()`/`Runner`, which then neither cancels
   * the main task nor exits on it; once the handler is removed, the runner's handling resumes.
   * @throws TypeError if `callback` is not a function, or is a generator or async function;
   * if `signal` is neither a string nor an integer.
   * @throws RangeError if there is no such signal (an unknown name or number).
   * @throws Error if the signal cannot be caught (SIGKILL, SIGSTOP) or not here (a worker thread),
   * if the loop's host cannot deliver signals (a browser host), or if the loop is closed.
   * @example
   * ```ts
   * const loop = getRunningLoop() as EventLoop;
   * const stop = new Event();
   * loop.addSignalHandler("SIGTERM", () => stop.set());
   * await stop.wait();
   * ```
   */
  addSignalHandler<A extends unknown[]>(signal: string | number, callback: (...args: A) => unknown, ...args: A): void {
    (this._signals ??= new SignalHandlers(this, this._host)).add(signal, callback, args);
  }

  /**
   * Removes the handler of `signal` (`loop.remove_signal_handler`).
   * @returns true if a handler was removed, false if none was set.
   * @throws TypeError if `signal` is neither a string nor an integer; RangeError if there is no
   * such signal; Error if the loop's host cannot deliver signals.
   */
  removeSignalHandler(signal: string | number): boolean {
    return (this._signals ??= new SignalHandlers(this, this._host)).remove(signal);
  }

  /**
   * @internal For packages whose resources outlive tasks (\@aio/subprocess's child processes):
   * `callback` runs when the loop is closed, after it is marked closed (so it must not schedule
   * anything on the loop). Returns a function that unregisters it.
   */
  _onClose(callback: () => void): () => void {
    const callbacks = (this._closeCallbacks ??= new Set());
    callbacks.add(callback);
    return () => {
      callbacks.delete(callback);
    };
  }

  /** @internal close(): runs the `_onClose` callbacks once; an error is printed, the others still run. */
  _runCloseCallbacks(): void {
    const callbacks = this._closeCallbacks;
    if (callbacks === null) return;
    this._closeCallbacks = null;
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        this.defaultExceptionHandler({ message: "Exception in a close callback", exception: error });
      }
    }
  }

  // ------------------------------------------------------------------ executors

  /**
   * Runs `fn(...args)` in `executor` — or, with null, in the default executor — and returns a
   * future on this loop for its result.
   *
   * @remarks
   * With null and no default set, the loop loads \@aio/executor (an optional peer dependency) and
   * creates a `ThreadPoolExecutor`; if it is not installed, the future fails with an error saying so.
   *
   * Cancellation: cancelling the returned future cancels the job if it has not started.
   * @throws Error `"Event loop is closed"`, or `"Executor shutdown has been called"` after
   * `shutdownDefaultExecutor()` when `executor` is null.
   * @throws TypeError if `executor` is neither null nor an Executor, or `fn` is not a function.
   */
  runInExecutor<A extends unknown[], R>(executor: Executor | null, fn: (...args: A) => R, ...args: A): Future<Awaited<R>> {
    if (this._closed) throw new Error("Event loop is closed");
    if (executor !== null && !isExecutor(executor)) {
      throw new TypeError(`runInExecutor(executor): expected an Executor or null, got ${describe(executor)}`);
    }
    if (typeof fn !== "function") throw new TypeError(`runInExecutor(executor, fn): expected a function, got ${describe(fn)}`);
    // As CPython: once shutdownDefaultExecutor() was called, the default executor is refused, even a new one.
    if (executor === null && this._executorShutdownCalled) throw new Error("Executor shutdown has been called");
    const fut = new Future<Awaited<R>>({ loop: this });
    const submit = (ex: Executor): void => {
      if (fut.done()) return;
      try {
        chainConcurrent(ex.submit(fn, ...args), fut, this);
      } catch (error) {
        fut.setException(error);
      }
    };
    const target = executor ?? this._defaultExecutor;
    if (target !== null) {
      submit(target);
      return fut;
    }
    this._defaultExecutorLoading ??= loadDefaultExecutor().then((ex) => (this._defaultExecutor ??= ex));
    this._defaultExecutorLoading.then(
      (ex) => !this._closed && this.callSoon(submit, ex),
      (error: unknown) => !this._closed && !fut.done() && fut.setException(error),
    );
    return fut;
  }

  /**
   * Sets the executor `runInExecutor(null, ...)` uses.
   * @throws TypeError if `executor` does not implement core's Executor interface.
   */
  setDefaultExecutor(executor: Executor): void {
    if (!isExecutor(executor)) {
      throw new TypeError(`setDefaultExecutor(executor): expected an Executor, got ${describe(executor)}`);
    }
    this._defaultExecutor = executor;
  }

  /** Shuts the default executor down and waits for its jobs; later `runInExecutor(null, ...)` calls fail. */
  async shutdownDefaultExecutor(): Promise<void> {
    this._executorShutdownCalled = true;
    // Stryker disable next-line ArrowFunction: undefined from the catch becomes null just after
    const executor = this._defaultExecutor ?? (await this._defaultExecutorLoading?.catch(() => null)) ?? null;
    this._defaultExecutor = null;
    if (executor !== null) await executor.shutdown({ wait: true });
  }

  // ------------------------------------------------------------------ the turn

  /**
   * @internal One host turn: iterations while work is ready, within a time budget. `fromHost` is
   * false for the turn `runForever()` runs at once: promise reactions queued by its caller have
   * not run yet, so a TestLoop must not jump time in it.
   */
  _turn(fromHost = true): void {
    if (this._tracer !== null) this._traceTurn(this._tracer);
    this._armed = "none";
    this._armedDeadline = Infinity;
    if (!this._running) return;
    const waited = this._stepWait;
    if (waited !== null) {
      // Every microtask has run and the step has not ended: the task awaits something foreign
      // (a native promise). Its code continues whenever that settles; the iteration goes on now.
      this._stepWait = null;
      waited._stepOutlived();
      if (this._tracer !== null) this._tracer.runEnd(this);
    }
    this._turnStarted = Date.now();
    this._turnIterations = 0;
    this._fromHost = fromHost;
    if (this._iterLeft === 0) this._beginIteration();
    this._drive();
  }

  /**
   * @internal Runs iterations synchronously, starting with the rest of the one in progress, until
   * the loop must wait for an async-function step, stops, runs out of ready work, or uses up the
   * turn's time budget. Called by the host turn and, from a microtask, when a step the loop
   * waited for has ended.
   */
  _drive(): void {
    let waiting = false;
    this._inTurn = true;
    this._inDrive = true;
    _setInTurn(true);
    try {
      for (;;) {
        if (this._drain()) {
          waiting = true;
          break;
        }
        // The iteration is complete.
        if (this._stopping) break;
        // Native promise reactions were queued by code that is not a task (a plain async
        // callback, a top-level await): end the turn so they run before the next iteration.
        if (this._microtasks) break;
        if (this._ready.length === 0 && !this._hasDueTimer() && !this._whenIdle()) break;
        // The budget counts the whole host turn: steps resumed from microtasks continue it, and
        // only a host turn lets I/O in.
        // Stryker disable next-line UpdateOperator: counting down also hits a multiple of 64 every 64 iterations
        if ((++this._turnIterations & 63) === 0 && Date.now() - this._turnStarted > TURN_BUDGET_MS) break;
        this._beginIteration();
      }
    } finally {
      _setInTurn(false);
      this._inDrive = false;
      this._inTurn = false;
    }
    // Waiting for a step: it ends from a microtask; the host turn armed here is the fallback for
    // a step that ends in a foreign await (no microtask will tell).
    if (waiting) this._arm(0);
    else if (this._stopping) this._finishRun();
    else this._armForNext();
  }

  /**
   * @internal For tasks: the entry being run resumed an async-function task, whose step runs on
   * in microtasks; the loop runs nothing else until `_continueAfterStep()` (or, if the step ends
   * in a foreign await, until the next host turn, which calls `task._stepOutlived()`).
   * @returns false when the loop cannot wait (not inside its own drain, already waiting for
   * another step, or run synchronously by `TestLoop.advance()`): the step then runs detached.
   */
  _pauseForStep(task: SteppingTask): boolean {
    if (!this._inDrive || this._stepWait !== null) return false;
    this._stepWait = task;
    return true;
  }

  /** @internal Whether `_pauseForStep` would wait now. */
  _canWaitForStep(): boolean {
    return this._inDrive && this._stepWait === null;
  }

  /** @internal For tasks, from a microtask: the step the loop waited for has ended; go on with the iteration. */
  _continueAfterStep(): void {
    if (this._stepWait === null) return;
    this._stepWait = null;
    if (this._tracer !== null) this._tracer.runEnd(this);
    this._fromHost = false;
    if (this._running) this._drive();
  }

  /** @internal Start an iteration: due timers join the ready queue, and the entries ready now are the iteration's. */
  _beginIteration(): void {
    const timers = this._timers;
    const ready = this._ready;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path; an empty heap has nothing to purge or pop
    if (timers.size > 0) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path; purge() finds nothing to drop when nothing was cancelled
      if (timers.cancelled > 0) timers.purge();
      const deadline = this._clock.now() + this._clock.resolution;
      for (let t = timers.peek(); t !== undefined && t._when <= deadline; t = timers.peek()) {
        timers.pop();
        t._scheduled = false;
        if (t._cancelled) timers.cancelled--;
        else ready.push(t, RUN);
      }
    }
    this._iterLeft = ready.length;
  }

  /**
   * @internal Run the current iteration's remaining entries; stop early (returning true) after an
   * entry that resumed an async-function step the loop must wait for.
   */
  _drain(): boolean {
    const ready = this._ready;
    const tracer = this._tracer;
    const debug = this._debug || tracer !== null; // the slow path: timed, traced, or both
    let n = this._iterLeft;
    while (n > 0) {
      n--;
      const cb = ready.shift();
      if (cb === null) continue; // cancelled
      const arg = ready.arg;
      if (debug) {
        if (tracer !== null) this._runTraced(tracer, cb, arg, ready.seq - ready.length);
        else this._runTimed(cb, arg);
      } else if (arg === RUN) (cb as Runnable)._run();
      else {
        try {
          if (arg === NO_ARG) (cb as (...a: unknown[]) => unknown)();
          else (cb as (a: unknown) => unknown)(arg);
        } catch (error) {
          this._callbackFailed(cb as (...a: unknown[]) => unknown, error);
        }
      }
      if (this._stepWait !== null) {
        this._iterLeft = n;
        return true;
      }
    }
    this._iterLeft = 0;
    return false;
  }

  /**
   * @internal CPython's `_run_once`, run synchronously (TestLoop's `advance()`/`runUntilIdle()`):
   * finish the iteration in progress, or move due timers to the ready queue and run exactly the
   * entries ready now. Async-function steps it resumes run detached, after it returns.
   */
  _runOnce(): void {
    if (this._tracer !== null) this._tracer.hostTurn(this, 0); // a turn of its own, run synchronously
    if (this._iterLeft === 0) this._beginIteration();
    this._drain();
  }

  /** @internal Calls a `callSoon` callback outside the drain (debug timing); errors are reported. */
  _call(cb: (...a: unknown[]) => unknown, arg: unknown): void {
    try {
      if (arg === NO_ARG) cb();
      else cb(arg);
    } catch (error) {
      this._callbackFailed(cb, error);
    }
  }

  /** @internal A `callSoon` callback threw: report it with a handle naming the callback. */
  readonly _callbackFailed = (cb: (...a: unknown[]) => unknown, error: unknown): void => {
    const handle = new Handle(cb, this, 0);
    this.callExceptionHandler({ message: `Exception in callback ${handle._describeCallback()}`, exception: error, handle });
  };

  /** @internal Hook for loops that can move their clock (TestLoop): return true to keep iterating. */
  _whenIdle(): boolean {
    return false;
  }

  /**
   * @internal Called by futures when native promise reactions were queued by code that is not a
   * task step: inside the drain, end the turn after this iteration so they run first. (Outside
   * it they run before the loop does anything anyway.)
   */
  _hintMicrotasks(): void {
    if (this._inDrive) this._microtasks = true;
  }

  /** @internal Whether the earliest timer is due now. */
  _hasDueTimer(): boolean {
    const top = this._timers.peek();
    return top !== undefined && top._when <= this._clock.now() + this._clock.resolution;
  }

  /** @internal Ask the host for the next turn: now if work is ready, else at the earliest timer. */
  _armForNext(): void {
    if (this._ready.length > 0 || this._hasDueTimer() || this._microtasks) {
      this._microtasks = false;
      this._arm(0);
      return;
    }
    this._timers.purge();
    const top = this._timers.peek();
    if (top !== undefined) this._arm(Math.max(0, top._when - this._clock.now()) * 1000, top._when);
  }

  /** @internal Makes the one host request: as soon as possible (0) or in `delayMs` for `deadline`. */
  // Stryker disable next-line UnaryOperator: every caller that asks for a timer (delayMs > 0) passes its deadline
  _arm(delayMs: number, deadline = -Infinity): void {
    if (delayMs <= 0) {
      if (this._armed === "soon") return;
      this._armed = "soon";
      // -Infinity: while armed "as soon as possible", no timer scheduled from outside re-arms the host (_callAt).
      this._armedDeadline = -Infinity;
    } else {
      this._armed = "timer";
      this._armedDeadline = deadline;
    }
    this._host.request(this._tick, delayMs);
  }

  /** @internal A run that failed as it started: clear the running state without settling anything. */
  _abandonRun(): void {
    this._stopping = false;
    this._running = false;
    this._armed = "none";
    this._armedDeadline = Infinity;
    this._onStop = null;
    // Stryker disable next-line ConditionalExpression: a run sets this loop as the running loop and no other loop can run meanwhile
    if (_getRunningLoop() === this) _setRunningLoop(null);
    try {
      this._host.cancel();
    } catch {
      // the error that ended the run is the one to report
    }
  }

  /** @internal The loop stopped: clear the running state and settle runForever(). */
  _finishRun(): void {
    this._stopping = false;
    this._running = false;
    this._armed = "none";
    this._armedDeadline = Infinity;
    this._host.cancel();
    // Stryker disable next-line ConditionalExpression: a run sets this loop as the running loop and no other loop can run meanwhile
    if (_getRunningLoop() === this) _setRunningLoop(null);
    const done = this._onStop;
    this._onStop = null;
    done?.();
  }

  /** @internal callLater/callAt: push a timer and re-arm the host if it is now the earliest. */
  _callAt(
    when: number,
    callback: (...a: unknown[]) => unknown,
    argc: number,
    arg: unknown,
    args: unknown[] | null,
    context: Context | null = null,
  ): TimerHandle {
    if (this._closed) throw new Error("Event loop is closed");
    if (typeof callback !== "function") checkCallback("callAt", callback);
    const t = new TimerHandle(when, this._timerSeq++, callback, argc, arg, args, this, this._timerCancelled);
    t._context = context;
    this._timers.push(t);
    if (this._tracer !== null) this._tracer.timerScheduled(this, t);
    // Re-arm the host only if the loop is waiting (not in a turn) for a later deadline, or for nothing.
    // (While armed "as soon as possible", the deadline is -Infinity: no timer re-arms it.)
    if (this._running && !this._inTurn && when < this._armedDeadline) {
      this._arm(Math.max(0, when - this._clock.now()) * 1000, when);
    }
    return t;
  }

  /** @internal A scheduled timer was cancelled: count it for the lazy purge. */
  readonly _timerCancelled = (_t: TimerHandle): void => {
    this._timers.cancelled++;
  };

  /** @internal Debug mode: run one entry and report it if it was slow. */
  _runTimed(cb: { _run(): void } | ((...a: unknown[]) => unknown), arg: unknown): void {
    // Real time even on a virtual clock: slowness is about the CPU, not the loop's notion of time.
    const t0 = performance.now();
    if (arg === RUN) (cb as Runnable)._run();
    else this._call(cb as (...a: unknown[]) => unknown, arg);
    const dt = (performance.now() - t0) / 1000;
    if (dt >= this.slowCallbackDuration) {
      // A callback shows as its handle would (`<Handle tick()>`), whether it was queued bare or, with
      // several arguments, wrapped in a Call; a task, a timer or a ContextCall shows itself.
      const fn = arg !== RUN ? cb : cb instanceof Call ? cb.fn : null;
      const what = fn !== null ? `<Handle ${(fn as Function).name || "anonymous"}()>` : String(cb);
      console.warn(`Executing ${what} took ${dt.toFixed(3)} seconds`);
    }
  }

  /**
   * @internal Tracing: tell the recorder that entry number `seq` runs, and when the step it began
   * has ended (an async-function step goes on in microtasks: it ends in `_continueAfterStep`, or in
   * `_turn` if it outlives the iteration).
   */
  _runTraced(tracer: LoopTracer, cb: { _run(): void } | ((...a: unknown[]) => unknown), arg: unknown, seq: number): void {
    tracer.runBegin(this, seq, cb, arg);
    try {
      if (this._debug) this._runTimed(cb, arg);
      else if (arg === RUN) (cb as Runnable)._run();
      else this._call(cb as (...a: unknown[]) => unknown, arg);
    } finally {
      if (this._stepWait === null && this._tracer === tracer) tracer.runEnd(this);
    }
  }

  /** @internal Tracing: a host turn begins; how late it is for the timer it was armed for. */
  _traceTurn(tracer: LoopTracer): void {
    const lag = this._armed === "timer" ? Math.max(0, this._clock.now() - this._armedDeadline) : 0;
    tracer.hostTurn(this, lag);
  }

  /** @internal The checks runForever() and runUntilComplete() make before they start. */
  _checkCanRun(): void {
    if (this._closed) throw new Error("Event loop is closed");
    if (this._running) throw new Error("This event loop is already running");
    if (_getRunningLoop() !== null) throw new Error("Cannot run the event loop while another loop is running");
  }

  /** Shows the loop's state, e.g. `<EventLoop running=false closed=false debug=false>`. */
  toString(): string {
    return `<${this.constructor.name} running=${this._running} closed=${this._closed} debug=${this._debug}>`;
  }
}
