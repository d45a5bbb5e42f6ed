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

/** @internal Delays and deadlines must be real numbers: null is the classic mistake. */
export function checkTime(method: string, name: string, value: unknown): void {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${method}(${name}): ${name} must be a number, got ${describe(value)}`);
  }
}
