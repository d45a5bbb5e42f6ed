import type { Context } from "./context.js";
import type { ContextVar } from "./context-var.js";

/** @internal Only ContextVar.set makes tokens (CPython: "Tokens can only be created by ContextVars"). */
export const MAKE_TOKEN: unique symbol = Symbol("@aio/contextvars token");

/**
 * What `ContextVar.set` returns: the means to undo that `set` with `variable.reset(token)`
 * (Python's `contextvars.Token`).
 *
 * @remarks
 * A token can be used once, only with the variable that made it, and only in the context where it
 * was made. It is also disposable: `using _ = variable.set(value)` resets the variable when the
 * block ends (Python 3.14's `with var.set(value):`).
 * @example
 * ```ts
 * const level = new ContextVar<number>("level", { default: 0 });
 * const token = level.set(1);
 * console.log(level.get(), token.oldValue === Token.MISSING); // 1 true
 * level.reset(token);
 * console.log(level.get()); // 0
 * ```
 * @public
 */
export class Token<T> {
  /** The `oldValue` of a token whose variable had no value in the context before the `set`. */
  static readonly MISSING: unique symbol = Symbol("Token.MISSING");

  /** The variable whose `set` made this token. */
  readonly var: ContextVar<T>;
  /** The variable's value before the `set`, or `Token.MISSING` if it had none. */
  readonly oldValue: T | typeof Token.MISSING;
  /** @internal The context the `set` changed. */
  readonly _context: Context;
  /** @internal True once the token was given to `reset`. */
  _used = false;

  /**
   * @internal Tokens are made by `ContextVar.set` only.
   * @throws TypeError when called from elsewhere.
   */
  constructor(key: typeof MAKE_TOKEN, context: Context, variable: ContextVar<T>, oldValue: T | typeof Token.MISSING) {
    if (key !== MAKE_TOKEN) throw new TypeError("Token: tokens are made by ContextVar.set(), not by new Token()");
    this._context = context;
    this.var = variable;
    this.oldValue = oldValue;
  }

  /** Resets the variable with this token (`using _ = variable.set(value)`). */
  [Symbol.dispose](): void {
    this.var.reset(this);
  }

  /** Shows the variable and whether the token was used, e.g. `<Token var=<ContextVar name='user'>>`. */
  toString(): string {
    return `<Token${this._used ? " used" : ""} var=${this.var}>`;
  }

  /** @internal Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
