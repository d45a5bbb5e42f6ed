// Argument checks several \@aio packages share. Each throws a TypeError that names the function
// and the argument, says what was expected and shows what came (with `_describe`). Callers on a
// hot path test the common case inline (a `typeof`) and call these only when it fails.
import type { EventLoop } from "./event-loop.js";
import { _describe } from "./describe.js";

// The last loop that passed the check. Futures and tasks check their loop each time one is made,
// and nearly always get the same loop: one comparison instead of three method lookups (measured on
// future creation). Like the task registry's `lastLoop`, it holds at most one loop alive.
let lastLoop: object | null = null;

/**
 * For the \@aio packages: true if `x` has what every package needs of an event loop
 * (`callSoon`, `createTask` and `isClosed` methods). A duck-typed check, so a custom loop counts.
 * @public
 */
export function _isEventLoop(x: unknown): x is EventLoop {
  // Stryker disable next-line EqualityOperator: `x === null` only turns off this fast path (speed, not behaviour).
  if (x === lastLoop && x !== null) return true;
  if (
    x !== null &&
    typeof x === "object" &&
    typeof (x as EventLoop).callSoon === "function" &&
    typeof (x as EventLoop).createTask === "function" &&
    typeof (x as EventLoop).isClosed === "function"
  ) {
    lastLoop = x;
    return true;
  }
  return false;
}

/**
 * For the \@aio packages: throws `TypeError("fn(name): expected an EventLoop, got …")` unless `x`
 * is an event loop (see {@link _isEventLoop}).
 * @param fn - the function to name, e.g. `"createTask"`.
 * @param name - the argument to name, e.g. `"options.loop"`.
 * @public
 */
export function _checkLoop(fn: string, name: string, x: unknown): asserts x is EventLoop {
  if (!_isEventLoop(x)) throw new TypeError(`${fn}(${name}): expected an EventLoop, got ${_describe(x)}`);
}

/**
 * For the \@aio packages: throws `TypeError("fn(options): expected { … }, got …")` unless
 * `options` is undefined or an object. `shape` lists the options, e.g. `"{ loop? }"`.
 * @public
 */
export function _checkOptions(fn: string, shape: string, options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError(`${fn}(options): expected ${shape}, got ${_describe(options)}`);
  }
}
