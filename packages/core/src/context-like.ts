// What the loop contract needs to know of contexts (\@aio/contextvars' `Context`): that a function
// can run inside one. Named here so that `EventLoop` and `TaskOptions` can take a `context` option
// without core depending on the package that implements contexts.

/**
 * A context a callback or task can run in: \@aio/contextvars' `Context` (Python's
 * `contextvars.Context`), as far as the loop contract needs it.
 * @public
 */
export interface ContextLike {
  /** Runs `fn(...args)` with this context as the current one. */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R;
}

/**
 * The options `callSoon`, `callLater` and `callAt` take as their **last** argument, after the
 * callback's arguments (Python's keyword-only `context=`).
 *
 * @remarks
 * A loop tells them from a callback argument by their shape: a plain object (`{ ... }`) whose only
 * key is `context`. Such an object is never passed on to the callback.
 * @public
 */
export interface CallOptions {
  /**
   * The context the callback runs in. @defaultValue a copy of the context current when the
   * callback is scheduled (as asyncio)
   */
  context?: ContextLike | null | undefined;
}
