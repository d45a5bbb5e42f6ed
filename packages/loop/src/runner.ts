import { isMainThread } from "node:worker_threads";
import {
  CancelledError,
  _getRunningLoop,
  isFuture,
  setEventLoop,
  type CoroutineSource,
  type FutureLike,
} from "@aio/core";
import { Future } from "@aio/future";
import { Task, ensureFuture, _pendingTasksOf } from "@aio/task";
import { EventLoop } from "./event-loop.js";

/**
 * Raised by `run()` / `Runner.run()` when Ctrl-C (SIGINT) cancelled the main task and the task
 * ended cancelled (Python's `KeyboardInterrupt`).
 * @public
 */
export class KeyboardInterrupt extends Error {
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
}

/** What `run()` and `Runner.run()` accept as the main coroutine. */
type Main<T> = CoroutineSource<T> | FutureLike<T>;

/**
 * A fresh event loop on real time (`asyncio.new_event_loop()`).
 * @public
 */
export function newEventLoop(): EventLoop {
  return new EventLoop();
}

/**
 * Runs `main` on a fresh loop and returns its result (`asyncio.run`): the usual entry point.
 *
 * @remarks
 * `main` may be a generator coroutine, an async-function reference (called inside the main task),
 * or any awaitable. When `main` ends, tasks still pending are cancelled and their cleanup runs,
 * the default executor is shut down, and the loop is closed. Every error, misuse included (calling
 * it while a loop is running), is reported as a rejection.
 *
 * Cancellation: the first Ctrl-C (SIGINT) cancels the main task; if it ends cancelled, the promise
 * rejects with {@link KeyboardInterrupt}. A second Ctrl-C exits the process.
 * @example
 * ```ts
 * const answer = await run(function* () {
 *   yield* sleep(1);
 *   return 42;
 * });
 * ```
 * @public
 */
export async function run<T>(main: Main<T>, options?: RunnerOptions): Promise<T> {
  if (_getRunningLoop() !== null) throw new Error("run() cannot be called from a running event loop");
  const runner = new Runner(options);
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
 * The loop is created on the first `run()` and set as the current event loop. `close()` (or
 * `await using runner = new Runner()`) cancels the tasks still pending, waits for their cleanup,
 * shuts down the default executor and closes the loop.
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

  /** Creates a runner; the loop itself is made on first use. */
  constructor(options: RunnerOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError(`Runner(options): expected { debug?, loopFactory? }, got ${String(options)}`);
    }
    this.options = options;
  }

  /**
   * Runs `main` to completion on the runner's loop and resolves to its result.
   * @throws Error if the runner is closed or a loop is already running (as a rejection).
   */
  async run<T>(main: Main<T>): Promise<T> {
    if (this.closed) throw new Error("Runner is closed");
    if (_getRunningLoop() !== null) throw new Error("Runner.run() cannot be called from a running event loop");
    const loop = this.getLoop();
    const task = isFuture(main) ? (main as FutureLike<T>) : ensureFuture(main as CoroutineSource<T>, { loop });
    let interrupted = 0;
    const onSigint = (): void => {
      interrupted++;
      if (interrupted === 1 && !task.done()) {
        task.cancel();
        return;
      }
      process.off("SIGINT", onSigint);
      process.kill(process.pid, "SIGINT"); // second Ctrl-C: the default action, exit
    };
    const trapSigint = isMainThread && process.listenerCount("SIGINT") === 0;
    if (trapSigint) process.on("SIGINT", onSigint);
    try {
      return await loop.runUntilComplete(task);
    } catch (error) {
      const uncancelled = task instanceof Task ? task.uncancel() === 0 : true;
      if (interrupted > 0 && error instanceof CancelledError && uncancelled) throw new KeyboardInterrupt();
      throw error;
    } finally {
      if (trapSigint) process.off("SIGINT", onSigint);
    }
  }

  /**
   * The runner's loop (created on first call).
   * @throws Error if the runner is closed.
   */
  getLoop(): EventLoop {
    if (this.closed) throw new Error("Runner is closed");
    if (this.loop === null) {
      this.loop = (this.options.loopFactory ?? newEventLoop)();
      if (this.options.debug !== undefined) this.loop.setDebug(this.options.debug);
      setEventLoop(this.loop);
    }
    return this.loop;
  }

  /**
   * Cancels the tasks still pending and waits for them, shuts down the default executor, and
   * closes the loop. Closing twice does nothing.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const loop = this.loop;
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
