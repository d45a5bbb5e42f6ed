// Node's queueMicrotask() wraps every callback in an AsyncResource and a bound function (for
// async_hooks), which made it the most expensive part of an `await` of a done future. A reaction
// on one resolved promise is a plain engine microtask.
import { _describe } from "./describe.js";

const resolved = Promise.resolve();

/**
 * For \@aio packages: runs `fn` in a microtask, like `queueMicrotask(fn)` without Node's per-call
 * async-hooks bookkeeping. An error `fn` throws surfaces as an unhandled rejection.
 * @throws TypeError when `fn` is not a function (a promise reaction would silently drop it).
 * @public
 */
export function _microtask(fn: () => void): void {
  if (typeof fn !== "function") throw new TypeError(`_microtask(fn): expected a function, got ${_describe(fn)}`);
  void resolved.then(fn);
}
