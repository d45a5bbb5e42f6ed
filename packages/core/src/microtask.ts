// Node's queueMicrotask() wraps every callback in an AsyncResource and a bound function (for
// async_hooks), which made it the most expensive part of an `await` of a done future. A reaction
// on one resolved promise is a plain engine microtask.
const resolved = Promise.resolve();

/**
 * For \@aio packages: runs `fn` in a microtask, like `queueMicrotask(fn)` without Node's per-call
 * async-hooks bookkeeping. An error `fn` throws surfaces as an unhandled rejection.
 * @public
 */
export function _microtask(fn: () => void): void {
  void resolved.then(fn);
}
