// asyncio.wrap_future: a loop future that mirrors a concurrent future, for awaiting executor work
// on the loop. The concurrent future completes in a foreign turn (a worker's message), so its
// outcome is copied over with loop.callSoon, never set directly.
import { _describe as describe, getEventLoop, isFuture, type ConcurrentFutureLike, type EventLoop, type FutureLike } from "@aio/core";
import { checkOptionsObject } from "./options.js";

/**
 * Options for {@link wrapFuture}.
 * @public
 */
export interface WrapFutureOptions {
  /** The loop the returned future belongs to; `null` (Python's `None`) is the default too. @defaultValue `getEventLoop()` */
  loop?: EventLoop | null | undefined;
}

/**
 * Wraps a concurrent future (from `executor.submit`) in an \@aio future on a loop
 * (`asyncio.wrap_future`). An \@aio future is returned as it is.
 *
 * @remarks
 * When the concurrent future completes, its result, error or cancellation is copied to the loop
 * future with `loop.callSoon`; nothing is copied if the loop future was cancelled meanwhile or its
 * loop is closed.
 *
 * Cancellation: cancelling the returned future cancels the job. Unlike CPython this also reaches a
 * running job: when the concurrent future has an `abort()` method (every
 * {@link ConcurrentFuture} has), it is called instead of `cancel()`, which aborts the job's
 * `jobSignal()` and replaces its worker after the executor's grace period.
 *
 * A concurrent future of another library that fails with undefined or null (which an \@aio future
 * cannot hold) gives the loop future a TypeError that says so.
 * @throws TypeError if `future` is neither a concurrent future nor an \@aio future, `options` is
 *   not an options object, or `options.loop` is not an event loop.
 * @throws Error if the loop is closed, or no `loop` is given and there is no current event loop.
 * @example
 * ```ts
 * await run(async () => {
 *   const pool = new ThreadPoolExecutor();
 *   console.log(await wrapFuture(pool.submit(() => 6 * 7))); // 42
 *   await pool.shutdown();
 * });
 * ```
 * @public
 */
export function wrapFuture<T>(future: ConcurrentFutureLike<T> | FutureLike<T>, options?: WrapFutureOptions): FutureLike<T> {
  const given = checkOptionsObject("wrapFuture(options)", options, OPTION_NAMES)["loop"];
  // Checked now: a bad loop would otherwise only fail when the job completes, in a foreign turn.
  if (given !== undefined && given !== null && !isLoop(given)) {
    throw new TypeError(`wrapFuture(options.loop): expected an EventLoop or null, got ${describe(given)}`);
  }
  if (isFuture(future)) return future as FutureLike<T>;
  if (!isConcurrentFuture(future)) {
    throw new TypeError(`wrapFuture(future): expected a concurrent future or an @aio future, got ${describe(future)}`);
  }
  const loop = (given as EventLoop | null | undefined) ?? currentLoop();
  // A closed loop would never run the copy: the future would stay pending for good.
  if (loop.isClosed()) throw new Error("wrapFuture(options.loop): the event loop is closed");
  const destination = loop.createFuture<T>();
  chain(future, destination, loop);
  return destination;
}

const OPTION_NAMES: ReadonlySet<string> = new Set(["loop"]);

function currentLoop(): EventLoop {
  try {
    return getEventLoop();
  } catch (error) {
    throw new Error(
      "wrapFuture(options.loop): no loop was given and there is no current event loop; pass { loop }, call setEventLoop(loop) or use run()",
      { cause: error },
    );
  }
}

/** What wrapFuture needs of a loop, duck-typed so that a custom loop counts. */
function isLoop(x: unknown): x is EventLoop {
  const loop = x as EventLoop | null;
  return loop !== null && typeof loop === "object" && typeof loop.createFuture === "function" &&
    typeof loop.callSoon === "function" && typeof loop.isClosed === "function";
}

function isConcurrentFuture(x: unknown): x is ConcurrentFutureLike<unknown> {
  const f = x as ConcurrentFutureLike<unknown> | null;
  return f !== null && typeof f === "object" && typeof f.addDoneCallback === "function" &&
    typeof f.cancel === "function" && typeof f.result === "function" && typeof f.done === "function";
}

function chain<T>(source: ConcurrentFutureLike<T>, destination: FutureLike<T>, loop: EventLoop): void {
  destination.addDoneCallback((dest) => {
    if (dest.cancelled()) stopJob(source, cancelReason(dest));
  });
  source.addDoneCallback((src) => {
    if (destination.cancelled() || loop.isClosed()) return;
    loop.callSoon(copyState, src, destination);
  });
}

/** Cancels the job; through `abort()` where there is one, so a running job is stopped too. */
function stopJob(source: ConcurrentFutureLike<unknown>, reason: unknown): void {
  const abort = (source as { abort?: (reason?: unknown) => boolean }).abort;
  if (typeof abort === "function") abort.call(source, reason);
  else source.cancel();
}

/** The CancelledError a cancelled future throws (it carries the `cancel(msg)` message). */
function cancelReason(future: FutureLike<unknown>): unknown {
  try {
    future.exception();
  } catch (error) {
    return error;
  }
  return undefined;
}

function copyState<T>(source: ConcurrentFutureLike<T>, destination: FutureLike<T>): void {
  if (destination.done()) return; // cancelled meanwhile
  if (source.cancelled()) {
    destination.cancel();
    return;
  }
  let value: T;
  try {
    value = source.result();
  } catch (error) {
    destination.setException(
      error ?? new TypeError(`wrapFuture(future): the concurrent future failed with ${String(error)}, which is not an error value`),
    );
    return;
  }
  destination.setResult(value);
}
