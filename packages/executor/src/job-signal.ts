// jobSignal(): how a job running in a worker learns that it was cancelled.

/** Where the worker runtime publishes the current job's signal; shared by every copy of the package. */
export const JOB_SIGNAL_SLOT = Symbol.for("@aio/executor.jobSignal");

/**
 * The AbortSignal of the job that is running in this worker (no asyncio equivalent).
 *
 * @remarks
 * Call it inside a job: in a function sent by its source it is available as a global (the free
 * variable check allows it), and a module made for {@link fromModule} imports it from
 * `\@aio/executor`. The signal is aborted when the job's future is aborted, which `wrapFuture`,
 * `loop.runInExecutor` and `toThread` do when their loop future is cancelled. A job that sees it
 * should stop soon: after the executor's `cancelGracePeriod` its worker is terminated and replaced.
 *
 * Cancellation: pass the signal to APIs that accept one (`fetch`, `setTimeout` from
 * `node:timers/promises`, streams), or check `signal.aborted` / `signal.throwIfAborted()` between
 * steps of a long computation.
 * @throws Error when called outside a job running in an executor's worker.
 * @example
 * ```ts
 * pool.submit(async (n: number) => {
 *   const signal = jobSignal();
 *   for (let i = 0; i < n; i++) { signal.throwIfAborted(); await step(i); }
 * }, 1000);
 * ```
 * @public
 */
export function jobSignal(): AbortSignal {
  const current = (globalThis as Record<symbol, unknown>)[JOB_SIGNAL_SLOT] as (() => AbortSignal | null) | undefined;
  const signal = current?.() ?? null;
  if (signal === null) throw new Error("jobSignal(): not inside a job running in an executor worker");
  return signal;
}
