// concurrent.futures.ProcessPoolExecutor on child processes (node:child_process fork).
import type { PoolExecutorOptions } from "./options.js";
import { PoolExecutor } from "./pool-executor.js";

/**
 * Runs jobs in a pool of child processes (`concurrent.futures.ProcessPoolExecutor`), for work that
 * must not share a process with the caller: native code that may crash, memory-hungry jobs,
 * process-wide state.
 *
 * @remarks
 * Jobs are given the same way as to {@link ThreadPoolExecutor}: a self-contained function sent by
 * its source, or a module task made by {@link fromModule}. Arguments and results cross by V8's
 * structured clone (`fork` with `serialization: "advanced"`). Each worker is a Node process started
 * with `child_process.fork`, inheriting `process.execArgv` and the environment, less a TypeScript
 * loader (tsx, ts-node, …) until the pool is given a {@link fromModule} task (see the README).
 *
 * Workers start on demand, up to `maxWorkers`, and an idle pool does not keep the process alive.
 * A job that throws fails only its own future. A child that exits (`process.exit()` in a job, a
 * crash, a signal) breaks the pool, as in CPython: every queued or running future fails with
 * {@link BrokenProcessPool}, and so does every later `submit`.
 *
 * Cancellation: `future.cancel()` cancels a queued job, which then never runs. `future.abort()` —
 * called for you when the loop future of `runInExecutor`/`wrapFuture` is cancelled — also stops a
 * running job: its `jobSignal()` is aborted, and if it has not ended after `cancelGracePeriod`
 * seconds its process is killed and replaced (CPython cannot stop a running job).
 * @example
 * ```ts
 * await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
 * const square = (x: number) => x * x;
 * for await (const y of pool.map(square, [1, 2, 3])) console.log(y); // 1 4 9
 * ```
 * @public
 */
export class ProcessPoolExecutor extends PoolExecutor {
  /**
   * @param options - `maxWorkers` and `cancelGracePeriod`; `null` or a missing option means the default.
   * @throws TypeError if `options` is not an object, names an unknown option, or an option is not a number.
   * @throws RangeError if `maxWorkers` is not an integer \> 0 or `cancelGracePeriod` is not a
   * number of seconds from 0 to 2147483.
   */
  constructor(options: PoolExecutorOptions = {}) {
    super("ProcessPoolExecutor", options);
  }
}
