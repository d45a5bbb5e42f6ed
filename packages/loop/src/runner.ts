import {
  CancelledError,
  _getRunningLoop,
  _isEventLoop,
  isCoroutine,
  isFuture,
  setEventLoop,
  type CoroutineSource,
  type FutureLike,
  type LoopTracer,
} from "@aio/core";
import { Future } from "@aio/future";
import { ensureFuture, _pendingTasksOf, type Task } from "@aio/task";
import { EventLoop } from "./event-loop.js";
import { describe, isThenable } from "./validate.js";
import { checkTracer } from "./tracer-check.js";

/**
 * What `run()` / `Runner.run()` reject with when Ctrl-C (SIGINT) cancelled the main task and the
 * task ended cancelled (Python's `KeyboardInterrupt`).
 * @public
 */
export class KeyboardInterrupt extends Error {
  /** Creates the error; its message is `"interrupted by SIGINT"`. */
  constructor() {
    super("interrupted by SIGINT");
  }
}
Object.defineProperty(KeyboardInterrupt.prototype, "name", { value: "KeyboardInterrupt", writable: true, configurable: true });

/**
 * Options for {@link run} and {@link Runner}.
 * @public
 */
export interface RunnerOptions {
  /** Run the loop in debug mode. @defaultValue false */
  debug?: boolean | undefined;
  /** Makes the loop (e.g. `() => new TestLoop()`). @defaultValue `newEventLoop` */
  loopFactory?: (() => EventLoop) | undefined;
  /**
   * Trace the loop from the start (see `EventLoop.setTraceRecorder`), e.g. with \@aio/trace's
   * `new TraceRecorder()`. @defaultValue none
   */
  traceRecorder?: LoopTracer | null | undefined;
}

/** Gives a runner the name its error messages use (see `Runner#where`); set by Runner's static block. */
let nameRunner: (runner: Runner, where: string) => void;

/**
 * A fresh event loop on real time (`asyncio.new_event_loop()`).
 * @public
 */
export function newEventLoop(): EventLoop {
  return new EventLoop();
}

/**
 * Runs `main` on a fresh loop and resolves to its result (`asyncio.run`): the usual entry point.
 *
 * @remarks
 * `main` may be a generator function or generator coroutine, an async-function reference (called
 * inside the main task, so `currentTask()` works in it), or any awaitable or PromiseLike. It runs
 * as a task on a new loop (`options.loopFactory`, default: real time), which is set as the current
 * event loop meanwhile. When `main` ends, the tasks still pending are cancelled and the loop runs
 * until their cleanup is done (errors they end with go to the exception handler as
 * `"unhandled exception during run() shutdown"`); then the default executor is shut down, the
 * current event loop is unset and the loop is closed. Every error, misuse included (calling it
 * while a loop is running), is reported as a rejection.
 *
 * Cancellation: while `main` runs, the first Ctrl-C (SIGINT, main thread only, and only if nobody
 * else listens for it) cancels the main task; if the task ends cancelled, the promise rejects with
 * {@link KeyboardInterrupt}, and if it handles the cancellation and returns, with its value. A
 * second Ctrl-C exits the process at once, as Node does by default.
 * @throws TypeError (as a rejection) if `main` is not awaitable, `options` is not an options
 * object, or `options.loopFactory` is not a function or does not return an event loop.
 * @throws RangeError (as a rejection) if `main` is a future of another loop.
 * @example
 * ```ts
 * const answer = await run(function* () {
 *   yield* sleep(1);
 *   return 42;
 * });
 * // the same with an async function, on virtual time:
 * await run(async () => { await sleep(3600); }, { loopFactory: () => new TestLoop() });
 * ```
 * @public
 */
export async function run<T>(main: CoroutineSource<T> | FutureLike<T>, options?: RunnerOptions): Promise<T> {
  if (_getRunningLoop() !== null) throw new Error("run() cannot be called from a running event loop");
  checkRunnerOptions("run", options);
  checkMain("run", main);
  const runner = new Runner(options);
  nameRunner(runner, "run");
  try {
    return await runner.run(main);
  } finally {
    await runner.close();
  }
}

/**
 * Runs several top-level coroutines on one loop, then closes it (`asyncio.Runner`).
 *
 * @remarks
 * The loop is made on first use (`run()` or `getLoop()`) and set as the current event loop. Tasks
 * a `run()` leaves pending stay alive for the next one. `close()` (or the end of an
 * `await using runner = new Runner()` block) cancels the tasks still pending, waits for their
 * cleanup, shuts down the default executor and closes the loop, exactly as {@link run} does.
 *
 * Cancellation: Ctrl-C during `run()` behaves as described for {@link run}.
 * @example
 * ```ts
 * await using runner = new Runner();
 * await runner.run(firstJob);
 * await runner.run(secondJob);
 * ```
 * @public
 */
export class Runner {
  private loop: EventLoop | null = null;
  private closed = false;
  private readonly options: RunnerOptions;
  /** What error messages call this runner: "Runner", or "run" for the one `run()` makes. */
  #where = "Runner";

  static {
    nameRunner = (runner, where) => {
      runner.#where = where;
    };
  }

  /**
   * Creates a runner; the loop itself is made on first use.
   * @throws TypeError if `options` is not an options object, or `options.loopFactory` is neither
   * a function nor undefined.
   */
  constructor(options: RunnerOptions = {}) {
    checkRunnerOptions("Runner", options);
    this.options = options;
  }

  /**
   * Runs `main` to completion on the runner's loop and resolves to its result.
   *
   * @remarks
   * `main` is what {@link run} accepts; a future or task must belong to the runner's loop.
   * Cancellation: see {@link run} for Ctrl-C; cancelling the main task rejects with `CancelledError`.
   * @throws Error (as a rejection) if the runner is closed or any loop is running.
   * @throws TypeError (as a rejection) if `main` is not awaitable, or the loop factory does not
   * return an event loop; RangeError if `main` is a future of another loop.
   */
  async run<T>(main: CoroutineSource<T> | FutureLike<T>): Promise<T> {
    if (this.closed) throw new Error("Runner is closed");
    if (_getRunningLoop() !== null) throw new Error("Runner.run() cannot be called from a running event loop");
    const where = this.#where === "run" ? "run" : "Runner.run";
    checkMain(where, main);
    const loop = this.getLoop();
    if (isFuture(main) && main.getLoop() !== loop) {
      throw new RangeError(`${where}(main): the future belongs to another loop than the runner's: ${describe(main)}`);
    }
    const task = isFuture(main) ? (main as FutureLike<T>) : ensureFuture(main as CoroutineSource<T>, { loop });
    let interrupted = 0;
    const onSigint = (): void => {
      // A SIGINT handler set with loop.addSignalHandler() owns Ctrl-C (CPython's runner steps
      // aside when SIGINT is not the default handler, and the loop's handler replaces its own).
      if (loop._signals?.has("SIGINT")) return;
      interrupted++;
      if (interrupted === 1 && !task.done()) {
        task.cancel();
        return;
      }
      process.off("SIGINT", onSigint);
      process.kill(process.pid, "SIGINT"); // second Ctrl-C: the default action, exit
    };
    const trapSigint = canTrapSigint();
    if (trapSigint) process.on("SIGINT", onSigint);
    try {
      return await loop.runUntilComplete(task);
    } catch (error) {
      // CPython: Ctrl-C turns the main task's cancellation into KeyboardInterrupt, unless the task
      // still has other cancellation requests (uncancel() is asked only after a Ctrl-C).
      if (interrupted > 0 && error instanceof CancelledError) {
        const uncancel = (task as Partial<Task<T>>).uncancel;
        if (typeof uncancel === "function" && uncancel.call(task) === 0) throw new KeyboardInterrupt();
      }
      throw error;
    } finally {
      if (trapSigint) process.off("SIGINT", onSigint);
    }
  }

  /**
   * The runner's loop (created on first call).
   * @throws Error if the runner is closed.
   * @throws TypeError if `options.loopFactory` returned something that is not an event loop.
   */
  getLoop(): EventLoop {
    if (this.closed) throw new Error("Runner is closed");
    if (this.loop === null) {
      const loop = (this.options.loopFactory ?? newEventLoop)();
      if (!_isEventLoop(loop) || typeof (loop as Partial<EventLoop>).runUntilComplete !== "function") {
        throw new TypeError(`${this.#where}(options.loopFactory): expected a function that returns an EventLoop, it returned ${describe(loop)}`);
      }
      this.loop = loop;
      if (this.options.debug != null) this.loop.setDebug(this.options.debug);
      if (this.options.traceRecorder != null) this.loop.setTraceRecorder(this.options.traceRecorder);
      setEventLoop(this.loop);
    }
    return this.loop;
  }

  /**
   * Cancels the tasks still pending and waits for them, shuts down the default executor, unsets
   * the current event loop and closes the loop. Closing twice (or a runner never used) does nothing.
   *
   * @remarks
   * Cancellation: a task that refuses to end when cancelled keeps `close()` waiting, as in asyncio.
   * @throws Error (as a rejection) if called from inside the runner's own running loop.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    const loop = this.loop;
    if (loop !== null && loop.isRunning()) throw new Error("Runner.close() cannot be called while its loop is running");
    this.closed = true;
    if (loop === null) return;
    try {
      await cancelAllTasks(loop);
      await loop.shutdownDefaultExecutor();
    } finally {
      setEventLoop(null);
      loop.close();
    }
  }

  /** `await using runner = new Runner()` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** The options of run() and Runner, checked before any loop is made. */
function checkRunnerOptions(where: string, options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${where}(options): expected { debug?, loopFactory? }, got ${describe(options)}`);
  }
  const factory = (options as RunnerOptions).loopFactory;
  if (factory != null && typeof factory !== "function") {
    throw new TypeError(`${where}(options.loopFactory): expected a function that returns an EventLoop, got ${describe(factory)}`);
  }
  const recorder = (options as RunnerOptions).traceRecorder;
  if (recorder != null) checkTracer(recorder, `${where}(options.traceRecorder)`);
}

/** What run() and Runner.run() accept: anything awaitable (a future's loop is checked later). */
function checkMain(where: string, main: unknown): void {
  if (isFuture(main) || isCoroutine(main) || typeof main === "function" || isThenable(main)) return;
  throw new TypeError(`${where}(main): expected a coroutine, coroutine function, future or PromiseLike, got ${describe(main)}`);
}

/** Cancels every pending task of `loop`, runs the loop until they finish, and reports their errors. */
async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const tasks = [..._pendingTasksOf(loop)];
  if (tasks.length === 0) return;
  for (const t of tasks) t.cancel();
  const all = new Future<void>({ loop });
  let left = tasks.length;
  const one = (): void => {
    if (--left === 0 && !all.done()) all.setResult(undefined);
  };
  for (const t of tasks) t.addDoneCallback(one);
  await loop.runUntilComplete(all);
  for (const t of tasks) {
    if (t.cancelled()) continue;
    const error = t.exception();
    if (error !== null) {
      loop.callExceptionHandler({ message: "unhandled exception during run() shutdown", exception: error, task: t });
    }
  }
}

/**
 * Whether run() takes Ctrl-C: only in Node's main thread (signals never reach a worker thread's
 * listeners), and only if nobody else listens for SIGINT. Never in a browser, which has no
 * `process`; no `node:` module is imported, so the loop also loads on a page.
 */
function canTrapSigint(): boolean {
  const p = (globalThis as { process?: Partial<NodeJS.Process> }).process;
  if (p === undefined || typeof p.on !== "function" || typeof p.listenerCount !== "function") return false;
  // process.getBuiltinModule exists from Node 20.16; before it, assume the main thread (a listener
  // a worker thread adds is harmless: it is never called).
  const threads = p.getBuiltinModule?.("node:worker_threads") as { isMainThread?: boolean } | undefined;
  return (threads?.isMainThread ?? true) && p.listenerCount("SIGINT") === 0;
}
