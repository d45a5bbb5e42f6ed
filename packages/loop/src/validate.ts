// Argument checks shared by the loop's scheduling methods: clear TypeErrors naming the argument.
import { _describe as describe } from "@aio/core";

export { describe };

/** @internal Throws the TypeError for a callback that is not a function. */
export function checkCallback(method: string, callback: unknown): never {
  if (callback !== null && typeof callback === "object" && typeof (callback as Generator).next === "function") {
    throw new TypeError(`${method}(callback): coroutines cannot be used with ${method}(); wrap it with createTask()`);
  }
  throw new TypeError(`${method}(callback): a callable object was expected, got ${describe(callback)}`);
}

/**
 * @internal Delays and deadlines must be real numbers: null is the classic mistake (TypeError), NaN
 * the sneaky one (RangeError: it would make a timer that never fires). ±Infinity are allowed, as
 * in CPython: never, or now.
 */
export function checkTime(method: string, name: string, value: unknown): void {
  if (typeof value !== "number") throw new TypeError(`${method}(${name}): ${name} must be a number, got ${describe(value)}`);
  if (value !== value) throw new RangeError(`${method}(${name}): ${name} must be a number, got NaN`);
}

/** @internal The context argument of the exception handler methods: an object (its keys are free). */
export function checkContext(method: string, context: unknown): void {
  if (context === null || typeof context !== "object") {
    throw new TypeError(`${method}(context): expected an object such as { message, exception? }, got ${describe(context)}`);
  }
}

/** @internal A clock must say what time it is and how fine it is. */
export function checkClock(fn: string, name: string, clock: unknown): void {
  if (clock === null || typeof clock !== "object" || typeof (clock as { now?: unknown }).now !== "function") {
    throw new TypeError(`${fn}(${name}): expected a Clock (an object with now() and a resolution in seconds), got ${describe(clock)}`);
  }
  const resolution = (clock as { resolution?: unknown }).resolution;
  if (typeof resolution !== "number") {
    throw new TypeError(`${fn}(${name}.resolution): expected a finite number of seconds >= 0, got ${describe(resolution)}`);
  }
  if (!(resolution >= 0) || resolution === Infinity) {
    throw new RangeError(`${fn}(${name}.resolution): expected a finite number of seconds >= 0, got ${resolution}`);
  }
}

/** @internal A host must be able to wake the loop and withdraw the wake-up. */
export function checkHost(fn: string, name: string, host: unknown): void {
  if (
    host === null ||
    typeof host !== "object" ||
    typeof (host as { request?: unknown }).request !== "function" ||
    typeof (host as { cancel?: unknown }).cancel !== "function"
  ) {
    throw new TypeError(`${fn}(${name}): expected a Host (an object with request(tick, delay) and cancel()), got ${describe(host)}`);
  }
}

/** @internal The arguments of `Host.request()`: a function and a delay in ms (negative: now). */
export function checkRequest(host: string, tick: unknown, delay: unknown): void {
  if (typeof tick !== "function") throw new TypeError(`${host}.request(tick): expected a function, got ${describe(tick)}`);
  if (typeof delay !== "number") {
    throw new TypeError(`${host}.request(delay): expected a number of milliseconds, got ${describe(delay)}`);
  }
  if (delay !== delay) throw new RangeError(`${host}.request(delay): expected a number of milliseconds, got NaN`);
}

/** @internal True for a PromiseLike (anything with a `then` method). */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as PromiseLike<unknown>).then === "function";
}
