// Short, safe descriptions of arbitrary values for error messages, and the argument checks the
// combinators share. Messages name the function, the argument, what was expected and what came.
import { _describe as describe, isCoroutine, isFuture } from "@aio/core";

export { describe };

/** @internal A delay or timeout in seconds: a number that is not NaN (null/undefined allowed where `nullable`). */
export function checkSeconds(fn: string, name: string, value: unknown, nullable: boolean): void {
  if (value == null && nullable) return;
  if (typeof value !== "number") {
    const expected = nullable ? "a number of seconds, null or undefined" : "a number of seconds";
    throw new TypeError(`${fn}(${name}): expected ${expected}, got ${describe(value)}`);
  }
  if (Number.isNaN(value)) throw new RangeError(`${fn}(${name}): expected a number of seconds, got NaN`);
}

/** @internal True for a PromiseLike (anything with a `then` method). */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as PromiseLike<unknown>).then === "function";
}

/**
 * @internal The collection argument of gather/wait/asCompleted, as an array. A single awaitable
 * is refused even though futures and coroutines are iterable: CPython's "expect a list of futures".
 */
export function toArray<T>(fn: string, name: string, xs: Iterable<T>): T[] {
  if (isFuture(xs) || isCoroutine(xs) || isThenable(xs)) {
    throw new TypeError(`${fn}(${name}): expected an array (or iterable) of awaitables, got a single awaitable ${describe(xs)}`);
  }
  if (Array.isArray(xs)) return xs;
  if (xs === null || typeof xs !== "object" || typeof (xs as Iterable<T>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}(${name}): expected an array (or iterable) of awaitables, got ${describe(xs)}`);
  }
  return [...xs];
}
