// runInExecutor's plumbing: any object with core's Executor interface works; the default executor
// comes from \@aio/executor, loaded only when first needed (an optional peer dependency, so
// installing \@aio/loop never pulls in worker pools).
import { type ConcurrentFutureLike, type EventLoop, type Executor } from "@aio/core";
import { Future } from "@aio/future";
import { _captureContext } from "@aio/contextvars";

/**
 * @internal Copies a concurrent future's outcome into `fut` through the loop; cancelling `fut`
 * cancels it. The copy runs in (a copy of) the caller's context, not in whatever context the
 * worker's message happens to arrive in; the job itself runs in a worker, which sees no context.
 */
export function chainConcurrent<T>(cf: ConcurrentFutureLike<T>, fut: Future<T>, loop: EventLoop): void {
  const context = _captureContext();
  fut.addDoneCallback((f) => {
    if (!f.cancelled()) return;
    // \@aio/executor's futures can also reach a job that already runs (its AbortSignal); a plain
    // concurrent future can only be cancelled before it starts, as in CPython.
    const abort = (cf as { abort?: (reason?: unknown) => boolean }).abort;
    if (typeof abort === "function") abort.call(cf);
    else cf.cancel();
  });
  cf.addDoneCallback((done) => {
    if (loop.isClosed()) return;
    loop.callSoon(
      () => {
        if (fut.done()) return;
        if (done.cancelled()) {
          fut.cancel();
          return;
        }
        // result() throws the job's error. (exception() is not asked first: a foreign concurrent
        // future may fail with null/undefined, which exception() cannot tell from success, and the
        // awaiter must still get an error, not hang.)
        let value: T;
        try {
          value = done.result();
        } catch (thrown) {
          fut.setException(thrown ?? new TypeError(`runInExecutor(): the job failed with ${String(thrown)}, which is not an error value`));
          return;
        }
        fut.setResult(value);
      },
      // Stryker disable next-line ObjectLiteral: not observable: this callback reads no ContextVar, and fut's own callbacks run in the contexts they were added in
      { context },
    );
  });
}

/** @internal Loads \@aio/executor and makes a ThreadPoolExecutor, or explains how to get one. */
export async function loadDefaultExecutor(): Promise<Executor> {
  const specifier = "@aio/executor"; // a variable, so bundlers and tsc do not require the peer
  let mod: { ThreadPoolExecutor?: new () => Executor };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (error) {
    throw new Error(
      "loop.runInExecutor(null, ...) needs a default executor: install @aio/executor " +
        "(npm i @aio/executor) or call loop.setDefaultExecutor(executor) " +
        "(in a browser: loop.setDefaultExecutor(new WebWorkerExecutor()) from @aio/executor-web)",
      { cause: error },
    );
  }
  if (typeof mod.ThreadPoolExecutor !== "function") throw new Error("@aio/executor does not export ThreadPoolExecutor");
  return new mod.ThreadPoolExecutor();
}

/** @internal */
export function isExecutor(x: unknown): x is Executor {
  return x !== null && typeof x === "object" && typeof (x as Executor).submit === "function" && typeof (x as Executor).shutdown === "function";
}
