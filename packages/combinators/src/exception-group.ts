import { describe } from "./describe.js";

/**
 * Several errors raised together (Python's `ExceptionGroup`): how a {@link TaskGroup} reports the
 * failures of its children.
 *
 * @remarks
 * A subclass of the built-in `AggregateError`, so `errors` holds the same list as `exceptions`.
 * Nested groups are kept as they are (a child that itself ran a task group contributes its group).
 * @example
 * ```ts
 * try {
 *   yield* taskGroup(function* (tg) { ... });
 * } catch (e) {
 *   if (e instanceof ExceptionGroup) for (const err of e.exceptions) console.error(err);
 * }
 * ```
 * @public
 */
export class ExceptionGroup extends AggregateError {
  /** The errors, in the order they were raised. */
  readonly exceptions: readonly unknown[];
  /** @internal The message without the count. */
  readonly _base: string;

  /**
   * @param message - what went wrong, e.g. `"unhandled errors in a TaskGroup"`.
   * @param exceptions - the errors (at least one; any thrown values, as JavaScript can throw anything).
   * @throws TypeError if `message` is not a string (as in Python) or `exceptions` is not an array;
   * RangeError if it is empty.
   */
  constructor(message: string, exceptions: readonly unknown[]) {
    if (typeof message !== "string") {
      throw new TypeError(`ExceptionGroup(message, exceptions): expected a string message, got ${describe(message)}`);
    }
    if (!Array.isArray(exceptions)) {
      throw new TypeError(`ExceptionGroup(message, exceptions): expected an array of errors, got ${describe(exceptions)}`);
    }
    if (exceptions.length === 0) throw new RangeError("ExceptionGroup(message, exceptions): expected at least one error, got none");
    super(exceptions, `${message} (${exceptions.length} sub-exception${exceptions.length === 1 ? "" : "s"})`);
    this.exceptions = Object.freeze([...exceptions]);
    this._base = message;
  }

  /**
   * Splits the group by `predicate`: the errors it matches (searching nested groups) and the
   * rest, each as a group with the same message, or null when empty (Python's `split`).
   * @param predicate - a function that says whether an error matches, or, as in Python, an error
   * class (`eg.split(TypeError)`): the errors that are instances of it match.
   * @throws TypeError if `predicate` is not a function.
   */
  split(predicate: ((error: unknown) => boolean) | (abstract new (...args: never[]) => Error)): [match: ExceptionGroup | null, rest: ExceptionGroup | null] {
    if (typeof predicate !== "function") {
      throw new TypeError(`ExceptionGroup.split(predicate): expected a function or an Error class, got ${describe(predicate)}`);
    }
    // An Error class matches its instances (Python's `eg.split(TypeError)`); called as a function it
    // would return a new, truthy error and match everything.
    const cls = predicate as unknown as { prototype: unknown };
    const test =
      predicate === Error || cls.prototype instanceof Error
        ? (e: unknown): boolean => e instanceof (predicate as unknown as new () => Error)
        : (predicate as (error: unknown) => boolean);
    return this.#split(test);
  }

  #split(predicate: (error: unknown) => boolean): [match: ExceptionGroup | null, rest: ExceptionGroup | null] {
    const match: unknown[] = [];
    const rest: unknown[] = [];
    for (const e of this.exceptions) {
      if (e instanceof ExceptionGroup) {
        const [m, r] = e.#split(predicate);
        if (m !== null) match.push(m);
        if (r !== null) rest.push(r);
      } else (predicate(e) ? match : rest).push(e);
    }
    const base = this._base;
    return [match.length > 0 ? new ExceptionGroup(base, match) : null, rest.length > 0 ? new ExceptionGroup(base, rest) : null];
  }
}
Object.defineProperty(ExceptionGroup.prototype, "name", { value: "ExceptionGroup", writable: true, configurable: true });
