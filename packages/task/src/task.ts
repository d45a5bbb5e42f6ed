import { _describe as describe, _checkOptions, _microtask, _toText, CancelledError,
  FUTURE,
  InvalidStateError,
  getEventLoop,
  isCoroutine,
  isFuture,
  type Coroutine,
  type CoroutineSource,
  type EventLoop,
  type FutureLike,
  type SteppingTask,
  type StepPausingLoop,
  type TaskLike,
  type TracedLoop } from "@aio/core";
import { Future, _setAwaitHook, wrapPromise, type AwaitingTask } from "@aio/future";
import { Context, _captureContext, _contextsInUse, _enterContext, _exitContext, _setContextResolver } from "@aio/contextvars";
import { ASYNC_CTX, current, detached, needContext, runningTask } from "./current.js";
import { pendingList, type Linked } from "./registry.js";
import { creationSite, slowCancelWatches, unwatchSlowCancel, watchSlowCancel } from "./slow-cancel.js";
import { recordAwaitSites } from "./await-site.js";

/**
 * Options for {@link Task} and `createTask`.
 * @public
 */
export interface CreateTaskOptions {
  /** The task's name. @defaultValue `Task-<n>` */
  name?: string | undefined;
  /** The loop to run on. @defaultValue the running loop (`getEventLoop()` for `new Task`) */
  loop?: EventLoop | undefined;
  /** Run the first step synchronously now, if the loop is running. @defaultValue false */
  eagerStart?: boolean | undefined;
  /**
   * The context the task runs in (from \@aio/contextvars; CPython's `context=`), shared with
   * whoever else runs in it. @defaultValue a copy of the context current when the task is created
   */
  context?: Context | null | undefined;
}

// What the task drives: a generator it steps, or an async function whose promise it follows.
const GENERATOR = 0;
const FUNCTION = 1; // not called yet
const ASYNC = 2; // an async function, started without async context tracking
// ASYNC_CTX (3, in current.ts): an async function started inside the AsyncLocalStorage

let taskCounter = 0;

const futureSetResult = Future.prototype.setResult;
const futureSetException = Future.prototype.setException;
const futureCancel = Future.prototype.cancel;
const futureAddDoneCallback = Future.prototype.addDoneCallback;

// Generator objects already given to a task are marked. A second task for the same object would
// resume it from where the first left it (or find it finished and return undefined); CPython
// refuses to reuse an awaited coroutine, so the second task fails at its first step. (A property
// on the generator: a WeakSet of 100k live generators made the garbage collector's work per task
// half as large again.)
const CLAIMED: unique symbol = Symbol("@aio/task claimed");

function claim<T>(coro: Coroutine<T>): Coroutine<T> {
  const marked = coro as Coroutine<T> & { [CLAIMED]?: true | (() => unknown) };
  if (marked[CLAIMED] !== undefined) return reused();
  marked[CLAIMED] = true;
  return coro;
}

/**
 * @internal The generator function a task called to get `coro` (the mark is the function then:
 * the call graph names the coroutine with it), or null when the task was given the generator.
 */
export function coroutineFunction(coro: object): (() => unknown) | null {
  const mark = (coro as { [CLAIMED]?: true | (() => unknown) })[CLAIMED];
  return typeof mark === "function" ? mark : null;
}

// eslint-disable-next-line require-yield
function* reused(): Coroutine<never> {
  throw new Error("cannot reuse already awaited coroutine");
}

// What a task does when the loop runs it (a task sits in the ready queue itself, not in a Handle).
const RUN_STEP = 0; // next step: next()
const RUN_WAKE = 1; // the awaited future is done: read it, then step
const RUN_THROW = 2; // throw `_runError` into the coroutine

function runTask(task: Task<unknown>): void {
  task._run();
}

/**
 * A coroutine scheduled on an event loop (`asyncio.Task`); itself a `Future` (from \@aio/future)
 * that ends with the coroutine's result or error.
 *
 * @remarks
 * A task runs one of:
 *
 * - a generator coroutine, or a generator function called on the task's first step: the task
 *   drives it with `next(value)` / `throw(error)`, exactly as asyncio drives a coroutine with
 *   `send()` / `throw()`. `yield* future` makes the pending future the task's waiter (the task
 *   resumes one loop iteration after it completes); a bare `yield` gives up one iteration. Awaiting
 *   a future of another loop, awaiting the task itself, or yielding anything else is an error
 *   thrown into the coroutine on the next iteration (`TypeError("Task got bad yield: …")`, …).
 * - an async function, passed by reference and called on the task's first step, inside the task
 *   (so `currentTask()` finds it after any number of awaits). The task follows its promise.
 * - a PromiseLike, awaited through a future (`wrapPromise`).
 *
 * The first step runs on the next loop iteration (`callSoon` order), or synchronously with
 * `eagerStart` when the loop is running. Pending tasks are held by their loop until they finish.
 *
 * Cancellation: `cancel(msg)` asks the task to stop. It cancels the future the task is waiting on
 * (or, if there is none, marks the task so its next step throws). A generator coroutine gets a
 * `CancelledError(msg)` thrown in at the `yield*` it is suspended on; an async function gets it as
 * the rejection of the \@aio awaitable it is awaiting (a future, a task, a sleep…), or at its next
 * one, and `task.signal` is aborted at once for foreign APIs. The coroutine may catch it, run
 * cleanup (which may await for real), and even carry on; each later `cancel()` lands again at the
 * await in progress. The task ends cancelled only if the error propagates out, or if the coroutine
 * returns while a request is still pending. Every `cancel()` counts: see `cancelling()` and
 * `uncancel()`. Cancelled before its first step, the task never runs its body.
 * @example
 * ```ts
 * await run(function* () {
 *   const t = createTask(function* () {
 *     try {
 *       yield* sleep(3600);
 *     } finally {
 *       yield* sleep(1); // cleanup may await
 *     }
 *   });
 *   yield* sleep(1);
 *   t.cancel("enough");
 *   try {
 *     yield* t;
 *   } catch (e) {
 *     console.log(e instanceof CancelledError, t.cancelled()); // true true
 *   }
 * });
 * ```
 * @public
 */
export class Task<T> extends Future<T> implements TaskLike<T>, AwaitingTask, SteppingTask {
  /**
   * @internal What the task runs: a generator (GENERATOR mode), or the function it was given
   * (FUNCTION mode until its first step calls it; ASYNC mode once it called it).
   */
  _coro: Coroutine<T> | (() => unknown);
  /** @internal GENERATOR (0), FUNCTION (1), ASYNC (2) or ASYNC_CTX (3). */
  _mode: 0 | 1 | 2 | 3 = GENERATOR;
  /** @internal The name given, or the task's number (the name is then `Task-<n>`). */
  _name: string | number;
  /** @internal The future the task waits on (CPython's `_fut_waiter`). */
  _futWaiter: FutureLike<unknown> | null = null;
  /** @internal Throw CancelledError in at the next step (CPython's `_must_cancel`). */
  _mustCancel = false;
  /** @internal `cancel()` calls not withdrawn by `uncancel()`. */
  _numCancelsRequested = 0;
  /** @internal Behind `signal`, made on first access. */
  _abort: AbortController | null = null;
  /** @internal What `_run()` does next (RUN_STEP, RUN_WAKE, RUN_THROW). */
  _runMode = RUN_STEP;
  /** @internal The error RUN_THROW throws in. */
  _runError: unknown = undefined;
  /** @internal Links in the loop's list of pending tasks (null once done). */
  _prev: Linked | null = null;
  /** @internal The next task in the loop's list of pending tasks. */
  _next: Linked | null = null;
  /** @internal Report "Task was destroyed but it is pending!" if the loop closes under it. */
  _logDestroyPending = true;
  /**
   * @internal The context the task's steps run in; null while no ContextVar exists (every context
   * is empty then: an empty one is made on first need, see `_ctx()`).
   */
  _context: Context | null;

  /**
   * Wraps `coro` in a task and schedules its first step.
   * @throws TypeError if `coro` is not a coroutine, coroutine function or PromiseLike, `options` is
   * not an options object, or `options.loop` is not an event loop.
   * @throws Error `"Event loop is closed"` if the loop is closed.
   */
  constructor(coro: CoroutineSource<T>, options: CreateTaskOptions = {}) {
    super({ loop: loopOption(options) ?? getEventLoop() });
    const context = options.context;
    if (context != null && !(context instanceof Context)) badContext(context);
    if (this._loop.isClosed()) throw new Error("Event loop is closed");
    this._context = context ?? _captureContext();
    if (isCoroutine(coro)) this._coro = claim(coro as Coroutine<T>);
    else if (typeof coro === "function") {
      this._coro = coro as () => unknown;
      this._mode = FUNCTION;
    } else if (coro !== null && typeof coro === "object" && typeof (coro as PromiseLike<T>).then === "function") {
      // Subscribe now, so that a rejection counts as handled even if the task never starts, and
      // drop the wrapper when the task ends (it may end before its first step, if cancelled).
      const wrapper = wrapPromise(coro as PromiseLike<T>, { loop: this._loop });
      this._coro = awaitWrapper(wrapper);
      this.addDoneCallback(() => wrapper.cancel());
    } else {
      throw new TypeError(`Task(coro): a coroutine was expected, got ${describe(coro)}`);
    }
    this._name = options.name == null ? ++taskCounter : _toText(options.name);
    // Debug mode: remember where the task was made (CPython's source_traceback), for reports.
    if (this._loop.getDebug()) {
      // Stryker disable next-line StringLiteral: reports show only the stack frames below the message line, never the message
      creationSite.set(this as Task<unknown>, new Error("task created"));
      recordAwaitSites(); // and, for the call graph, where generator tasks suspend
    }
    pendingList(this._loop).add(this);
    const tracer = (this._loop as TracedLoop)._tracer;
    if (tracer != null) tracer.taskCreated(this);
    if (options.eagerStart && this._loop.isRunning()) this._eagerStart();
    else this._schedule(RUN_STEP);
  }

  /**
   * The coroutine the task runs: the generator (for a generator function, the one its call
   * returned), the async function, or for a PromiseLike the generator that awaits it.
   */
  getCoro(): unknown {
    return this._coro;
  }

  /** The task's name: the one given, else `Task-<n>`. */
  getName(): string {
    const name = this._name;
    return typeof name === "number" ? `Task-${name}` : name;
  }

  /** Renames the task (any value is converted to a string, as CPython's `str(value)`). */
  setName(name: string): void {
    this._name = _toText(name);
  }

  /**
   * Best effort (JavaScript cannot walk a suspended generator's frames): for a failed task, the
   * error's stack lines; for a pending one, one line: `awaiting <the future>`, `ready to run`, or
   * for an async function awaiting something that is not an \@aio future, `running (async function)`;
   * for a finished or cancelled task, `[]`.
   * @param limit - at most this many lines (0 or less: none); null or undefined for all. @defaultValue all
   * @throws TypeError if `limit` is not a number, null or undefined; RangeError if it is NaN.
   */
  getStack(limit?: number | null): string[] {
    if (limit != null && (typeof limit !== "number" || limit !== limit)) badLimit(limit);
    let lines: string[] = [];
    if (this.done()) {
      const e = this._exception; // set only when the task failed
      if (e instanceof Error && e.stack) lines = e.stack.split("\n").slice(1).map((l) => l.trim());
    } else if (this._futWaiter !== null && !this._futWaiter.done()) lines = [`awaiting ${String(this._futWaiter)}`];
    else lines = [this._mode >= ASYNC ? "running (async function)" : "ready to run"];
    return limit == null ? lines : lines.slice(0, Math.max(0, limit));
  }

  /**
   * The context the task runs in (CPython's `get_context()`): the `context` option it was created
   * with, else a copy of the context that was current then.
   */
  getContext(): Context {
    return this._ctx();
  }

  /** @internal The task's context, made (empty) on first need if no ContextVar existed when the task was. */
  _ctx(): Context {
    return (this._context ??= new Context());
  }

  /**
   * An AbortSignal aborted (with a `CancelledError`) as soon as cancellation of the task is
   * requested. Once every request is withdrawn (`uncancel()` back to 0, as `timeout()` does after
   * turning a cancellation into `TimeoutError`), the next read gives a fresh, unaborted signal, so
   * later foreign calls in the same task are not aborted by a cancellation already handled.
   */
  get signal(): AbortSignal {
    if (this._abort === null) {
      this._abort = new AbortController();
      if (this._numCancelsRequested > 0) this._abort.abort(new CancelledError(this._cancelMessage ?? ""));
    }
    return this._abort.signal;
  }

  /**
   * Requests cancellation: the coroutine gets a `CancelledError` at its current (or next) await.
   * @param msg - the message of that `CancelledError`. As in CPython any value is accepted; one
   * that is not a string becomes one (`String(msg)`: `Symbol("why")` gives `"Symbol(why)"`).
   * @returns false if the task is already done, else true (also on repeated calls, which count).
   */
  override cancel(msg?: string): boolean {
    if (this._logTraceback) this._retrieved();
    if (this._state !== 0) return false;
    if (typeof msg !== "string" && msg != null) msg = _toText(msg);
    this._numCancelsRequested++;
    // Kept even when the waiter takes the request (CPython keeps it only otherwise): a signal
    // created later reports it. The task's own CancelledError is unaffected either way.
    this._cancelMessage = msg;
    const abort = this._abort;
    if (abort !== null && !abort.signal.aborted) abort.abort(new CancelledError(msg ?? ""));
    const tracer = (this._loop as TracedLoop)._tracer;
    if (tracer != null) tracer.cancelRequested(this, msg);
    // Debug mode: report the task if the request has not landed after loop.slowCancelDuration.
    if (this._loop.getDebug()) watchSlowCancel(this as Task<unknown>);
    const waiter = this._futWaiter;
    if (waiter !== null && waiter.cancel(msg)) return true;
    this._mustCancel = true;
    return true;
  }

  /** How many cancellation requests are pending (`cancel()` calls not matched by `uncancel()`). */
  cancelling(): number {
    return this._numCancelsRequested;
  }

  /**
   * Withdraws one cancellation request; at zero a pending cancellation that has not landed yet is
   * dropped. Call it after catching a `CancelledError` you handled for good.
   * @returns the number of requests left.
   */
  uncancel(): number {
    if (this._numCancelsRequested > 0) {
      this._numCancelsRequested--;
      if (this._numCancelsRequested === 0) {
        this._mustCancel = false;
        this._abort = null; // a controller made while a request was pending is aborted
      }
    }
    return this._numCancelsRequested;
  }

  /**
   * Not supported: a task's result is its coroutine's.
   * @throws Error always.
   */
  override setResult(_value: T): never {
    throw new Error("Task does not support setResult operation");
  }

  /**
   * Not supported: a task's error is its coroutine's.
   * @throws Error always.
   */
  override setException(_error: unknown): never {
    throw new Error("Task does not support setException operation");
  }

  /** @internal The word reprs and reports use: "Task". */
  override _kind(): string {
    return "Task";
  }

  /**
   * Shows state, name and coroutine, then the result or error, e.g. `<Task pending name=Task-1 coro=main>`
   * or `<Task finished name=Task-1 coro=generator result=1 (number)>`.
   */
  override toString(): string {
    const coro = this._mode === GENERATOR ? "generator" : (this._coro as () => unknown).name || "anonymous";
    // CPython shows a task whose cancellation is requested but not done as "cancelling".
    const state = this._state === 0 && this._numCancelsRequested > 0 ? "cancelling" : this._describeState();
    const word = state.split(" ", 1)[0]!;
    const outcome = state.slice(word.length);
    return `<Task ${word} name=${this.getName()} coro=${coro}${outcome}>`;
  }

  /** @internal Drop from the loop's pending set as the task completes. */
  override _scheduleCallbacks(): void {
    pendingList(this._loop).remove(this);
    if (detached.size > 0) detached.delete(this as Task<unknown>);
    if (slowCancelWatches.size > 0) unwatchSlowCancel(this as Task<unknown>);
    super._scheduleCallbacks();
  }

  /** @internal Queue this task on its loop to do `mode` on the next iteration. */
  _schedule(mode: number): void {
    this._runMode = mode;
    const loop = this._loop as EventLoop & { _enqueue?: (r: { _run(): void }) => void };
    if (loop._enqueue !== undefined) loop._enqueue(this);
    else loop.callSoon(runTask, this as Task<unknown>);
  }

  /** @internal Called by the loop (the ready queue holds the task itself). */
  _run(): void {
    try {
      const mode = this._runMode;
      this._runMode = RUN_STEP;
      if (mode === RUN_STEP) this._step(false, undefined);
      else if (mode === RUN_WAKE) this._wakeup(this._futWaiter!);
      else {
        const error = this._runError;
        this._runError = undefined;
        this._step(true, error);
      }
    } catch (error) {
      this._loop.callExceptionHandler({ message: `Exception in callback ${this}._run()`, exception: error, task: this });
    }
  }

  /**
   * @internal The future `fut` an async function awaits completed and its waiter runs (from the
   * loop's ready queue, where CPython runs `__wakeup`): the task's step begins. Returns the
   * CancelledError to throw at the await instead of the outcome when a cancellation was requested
   * after `fut` completed, else null. Does nothing (null) unless the task is waiting on `fut`: a
   * hand-written `fut.then(cb)` inside the task is not the task's await.
   */
  _resumeFrom(fut: FutureLike<unknown>): unknown {
    if (this._futWaiter !== fut || this._state !== 0) return null;
    this._futWaiter = null;
    return this._resumeStep();
  }

  /**
   * @internal An async function's `sleep(0)` (see next-iteration.ts): the iteration has passed and
   * its step begins. Returns the CancelledError of a cancellation requested meanwhile, else null.
   */
  _resumeFromYield(): unknown {
    if (this._state !== 0 || this._futWaiter !== null) return null;
    return this._resumeStep();
  }

  /** @internal The step begins (as CPython's `__step` starts): take a pending cancellation with it. */
  _resumeStep(): unknown {
    let cancel: unknown = null;
    if (this._mustCancel) {
      this._mustCancel = false;
      cancel = this._makeCancelledError();
    }
    this._beginAsyncStep();
    return cancel;
  }

  /**
   * @internal The async function runs on from here in microtasks: the loop waits for the step to
   * end if it can; otherwise the step runs detached.
   */
  _beginAsyncStep(): void {
    const loop = this._loop as Partial<StepPausingLoop>;
    if (loop._pauseForStep !== undefined && loop._pauseForStep(this)) current.asyncStep = this as Task<unknown>;
    else this._detach();
  }

  /** @internal Called by the loop: the step did not end in an \@aio await, so it awaits something foreign. */
  _stepOutlived(): void {
    if (current.asyncStep === (this as Task<unknown>)) current.asyncStep = null;
    this._detach();
  }

  /** @internal The task's code may run outside any step the loop knows of: make sure it can still be told apart. */
  _detach(): void {
    if (this._mode !== ASYNC || this._state !== 0) return;
    needContext(); // tasks started from now on carry async context
    // Only tasks started before that can be here, so the set stays small; drop those of closed
    // loops (they may wait forever on a promise that never settles).
    for (const t of detached) if (t._loop.isClosed()) detached.delete(t);
    detached.add(this as Task<unknown>);
  }

  /** @internal The future this task awaits is done (see Future#_addWaiter). */
  _wake(): void {
    this._schedule(RUN_WAKE);
  }

  /** @internal One step of the coroutine: CPython's `Task.__step`. */
  _step(hasError: boolean, error: unknown): void {
    if (this._state !== 0) throw new InvalidStateError(`_step(): already done: ${this}`);
    if (this._mustCancel) {
      if (!(error instanceof CancelledError)) error = this._makeCancelledError();
      hasError = true;
      this._mustCancel = false;
    }
    this._futWaiter = null;
    // The step runs in the task's context (entered before the task counts as running).
    const ctx = this._context ?? (_contextsInUse() ? this._ctx() : null);
    const previousCtx = ctx === null ? null : _enterContext(ctx);
    const previous = current.stepping;
    current.stepping = this as Task<unknown>;
    try {
      if (this._mode === GENERATOR) this._stepGenerator(hasError, error);
      else this._startFunction(hasError, error, previous !== null && previous._mode !== GENERATOR);
    } finally {
      current.stepping = previous;
      if (ctx !== null) _exitContext(ctx, previousCtx);
    }
  }

  /** @internal One `next()` or `throw()` on the generator, and what follows from its outcome. */
  _stepGenerator(hasError: boolean, error: unknown): void {
    let r: IteratorResult<unknown, T>;
    try {
      const coro = this._coro as Coroutine<T>;
      r = hasError ? coro.throw(error) : coro.next();
    } catch (e) {
      this._fail(e);
      return;
    }
    if (r.done === true) this._succeed(r.value);
    else this._handleYield(r.value);
  }

  /** @internal What the coroutine yielded decides how it is resumed. */
  _handleYield(value: unknown): void {
    if (value === undefined) {
      this._schedule(RUN_STEP); // bare yield: one iteration
      return;
    }
    if (isFuture(value)) {
      const fut = value;
      if (fut.getLoop() !== this._loop) {
        fut[FUTURE] = false;
        this._throwSoon(new Error(`Task ${this} got Future ${fut} attached to a different loop`));
      } else if (!fut[FUTURE]) {
        this._throwSoon(new TypeError(`yield was used instead of yield* in task ${this} with ${fut}`));
      } else if (fut === (this as unknown)) {
        fut[FUTURE] = false;
        this._throwSoon(new Error(`Task cannot await on itself: ${this}`));
      } else {
        fut[FUTURE] = false;
        this._futWaiter = fut;
        // The task sits in the future's callback list itself, unless the future is not ours or
        // overrides addDoneCallback: then it is woken through that, as CPython's __step does.
        if (fut instanceof Future && fut.addDoneCallback === futureAddDoneCallback) fut._addWaiter(this);
        else fut.addDoneCallback((f) => this._wakeup(f));
        // Stryker disable next-line BooleanLiteral: the step that future's cancellation wakes clears the flag anyway, keeping the future's CancelledError
        if (this._mustCancel && fut.cancel(this._cancelMessage)) this._mustCancel = false;
      }
      return;
    }
    if (isCoroutine(value)) {
      this._throwSoon(new TypeError(`yield was used instead of yield* for generator in task ${this} with ${describe(value)}`));
      return;
    }
    this._throwSoon(new TypeError(`Task got bad yield: ${describe(value)}`));
  }

  /** @internal The awaited future is done: resume with its outcome (CPython's `__wakeup`). */
  _wakeup(fut: FutureLike<unknown>): void {
    try {
      fut.result();
    } catch (e) {
      this._step(true, e);
      return;
    }
    this._step(false, undefined);
  }

  /**
   * @internal First step of a task made from a function: call it inside the task. `nested`: the
   * step runs inside the first step of an async-function task (an eager start), whose own step is
   * the one the loop must wait for. (Inside a generator task's step it may take the wait: that step
   * ends synchronously.)
   */
  _startFunction(hasError: boolean, error: unknown, nested: boolean): void {
    const fn = this._coro as () => unknown;
    if (hasError) {
      this._fail(error); // cancelled (or failed) before it started: the body never runs
      return;
    }
    let out: unknown;
    try {
      if (fn.constructor === GeneratorFunction) {
        out = fn();
        (out as { [CLAIMED]?: () => unknown })[CLAIMED] = fn; // claimed, and the call graph can name it
      } else {
        // Any other function runs as an async function: in an async mode already, so that what it
        // awaits (or passes to Promise.all) before its first suspension reaches the task too. A
        // step the loop cannot wait for (an eager start inside another async step, a loop without
        // step support) runs detached, so the task needs async context to be found later.
        installAwaitHook();
        const loop = this._loop as Partial<StepPausingLoop>;
        // With context variables in use, every async function is tracked: code after a foreign
        // await must find its task's context.
        const tracked = !nested && loop._canWaitForStep !== undefined && loop._canWaitForStep() && !_contextsInUse();
        const als = tracked ? current.als : needContext();
        if (als === null) {
          this._mode = ASYNC;
          out = fn();
        } else {
          this._mode = ASYNC_CTX;
          out = als.run(this as Task<unknown>, fn);
        }
      }
    } catch (e) {
      this._mode = GENERATOR;
      this._fail(e);
      return;
    }
    if (isCoroutine(out)) {
      this._coro = out as Coroutine<T>;
      this._mode = GENERATOR;
      this._stepGenerator(false, undefined);
    } else if (out !== null && (typeof out === "object" || typeof out === "function") && typeof (out as PromiseLike<T>).then === "function") {
      (out as PromiseLike<T>).then(
        (v) => this._settle(false, v),
        (e: unknown) => this._settle(true, e),
      );
      // Nested in another task's step, it must not take the loop's wait for that step: it runs detached.
      if (nested) this._detach();
      else this._beginAsyncStep();
    } else {
      this._mode = GENERATOR;
      this._fail(new TypeError(`createTask(fn): fn must be a generator function or async function, but it returned ${describe(out)}`));
    }
  }

  /**
   * @internal The async function's promise settled (a promise reaction: the function returned or
   * threw). It ends the step the loop may be waiting for.
   */
  _settle(failed: boolean, outcome: unknown): void {
    const ended = current.asyncStep === (this as Task<unknown>);
    if (ended) current.asyncStep = null;
    // On a closed loop nobody can be told (scheduling callbacks would throw): the task stays
    // pending, as the loop already reported when it closed.
    if (this._state === 0 && !this._loop.isClosed()) {
      if (failed) this._fail(outcome);
      else this._succeed(outcome as T);
    }
    if (ended) (this._loop as unknown as StepPausingLoop)._continueAfterStep();
  }

  /** @internal The coroutine returned. */
  _succeed(value: T): void {
    if (this._mustCancel) {
      // Stryker disable next-line BooleanLiteral: the task is done now: nothing reads the flag again
      this._mustCancel = false; // cancelled right before it returned
      futureCancel.call(this, this._cancelMessage);
    } else futureSetResult.call(this, value);
  }

  /** @internal The coroutine threw. */
  _fail(error: unknown): void {
    if (error instanceof CancelledError) {
      this._cancelledError = error;
      futureCancel.call(this);
    } else futureSetException.call(this, error === undefined ? new Error("coroutine threw undefined") : error);
  }

  /** @internal CPython throws misuse errors into the coroutine on the next iteration. */
  _throwSoon(error: Error): void {
    this._runError = error;
    this._schedule(RUN_THROW);
  }

  /** @internal `eagerStart`: the first step runs now, inside createTask. */
  _eagerStart(): void {
    this._step(false, undefined);
  }
}

/** The loop in a Task's options, once the options are known to be an object (Future checks the loop). */
function loopOption(options: CreateTaskOptions): EventLoop | null | undefined {
  if (options === null || typeof options !== "object") _checkOptions("Task", "{ name?, loop?, eagerStart?, context? }", options);
  return options.loop;
}

function badContext(context: unknown): never {
  throw new TypeError(`Task(options.context): expected a Context (from @aio/contextvars), null or undefined, got ${describe(context)}`);
}

function badLimit(limit: unknown): never {
  if (typeof limit === "number") throw new RangeError("Task.getStack(limit): expected a number of lines, got NaN");
  throw new TypeError(`Task.getStack(limit): expected a number of lines, null or undefined, got ${describe(limit)}`);
}

/** An async function's `await future` tells its task what it waits on, so cancel() can reach it. */
function awaitHook(fut: FutureLike<unknown>): AwaitingTask | null {
  const task = runningTask();
  if (task === null || task._mode < ASYNC || task._state !== 0) return null;
  // The same misuse errors a generator task throws into its coroutine: thrown from then(), they
  // become the rejection of the `await` (and the step goes on).
  if ((fut as unknown) === task) throw new Error(`Task cannot await on itself: ${task}`);
  if (fut.getLoop() !== task._loop) throw new Error(`Task ${task} got Future ${fut} attached to a different loop`);
  task._futWaiter = fut;
  // Stryker disable next-line BooleanLiteral: the step that future's cancellation resumes clears the flag anyway, keeping the future's CancelledError
  if (task._mustCancel && fut.cancel(task._cancelMessage)) task._mustCancel = false;
  if (detached.size > 0) detached.delete(task);
  // The task is suspended now: the loop may go on. Through a microtask, because then() may also
  // be called from the task's own code (by hand, or by Promise.all's helpers) before it suspends.
  if (current.asyncStep === task) endStepSoon(task);
  return task;
}

// Code that no synchronous entry covers (an async function after an await) runs in its task's context.
// Not a task of a closed loop: one left waiting on a foreign promise when its loop closed can only be
// a guess of runningTask()'s elimination, and code outside any task must see the top-level context.
_setContextResolver(() => {
  const task = runningTask();
  return task === null || task._loop.isClosed() ? null : task._ctx();
});

let ending: Task<unknown> | null = null;

/** @internal The task suspended (an await hook saw it): the loop goes on from a microtask. */
export function endStepSoon(task: Task<unknown>): void {
  if (ending === task) return;
  ending = task;
  _microtask(endStep);
}

function endStep(): void {
  const task = ending;
  ending = null;
  if (task === null || current.asyncStep !== task) return; // it ended otherwise meanwhile
  current.asyncStep = null;
  (task._loop as unknown as StepPausingLoop)._continueAfterStep();
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as unknown;

let hookInstalled = false;
function installAwaitHook(): void {
  if (hookInstalled) return;
  // Stryker disable next-line BooleanLiteral: installing the same hook again changes nothing
  hookInstalled = true;
  _setAwaitHook(awaitHook);
}

/** A PromiseLike given to a task is awaited through a future, so cancelling the task detaches it. */
function* awaitWrapper<T>(wrapper: Future<T>): Coroutine<T> {
  return yield* wrapper;
}
