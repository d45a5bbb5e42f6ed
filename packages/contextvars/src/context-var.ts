import { _checkOptions, _describe as describe } from "@aio/core";
import { currentContext, state } from "./current.js";
import { LookupError } from "./errors.js";
import { MAKE_TOKEN, Token } from "./token.js";

/**
 * Options for {@link ContextVar}.
 * @public
 */
export interface ContextVarOptions<T> {
  /**
   * What `get()` returns where the variable has no value. Any value counts, `undefined` included
   * (`{ default: undefined }` is a default; `{}` is none). @defaultValue none: `get()` throws
   */
  default?: T;
}

const NO_DEFAULT: unique symbol = Symbol("no default");

/**
 * A variable with a value per context (Python's `contextvars.ContextVar`): each \@aio task sees its
 * own value, inherited from the code that created the task.
 *
 * @remarks
 * Make context variables once, at module level (as in Python): a variable holds nothing itself,
 * the current {@link Context} holds its value. `set()` changes the value in the current context
 * only: inside a task, that task's context, which is a copy of the one current when the task was
 * created; so the task's children see the value, and its parent and siblings do not. In an async
 * function the value follows the task across every await, a foreign promise's included.
 *
 * Cost: until the first `ContextVar` is made, tasks and callbacks carry no context at all. From
 * then on each task copies its parent's context (one small object; the values are shared until
 * one side writes), and async-function tasks run inside Node's `AsyncLocalStorage` so that code
 * after a foreign await finds its task.
 * @example
 * ```ts
 * const requestId = new ContextVar<string>("requestId", { default: "-" });
 *
 * async function handle(id: string) {
 *   requestId.set(id);
 *   await sleep(0.1);
 *   log("done"); // log() reads requestId.get(): the id of this task's request
 * }
 * await run(async () => {
 *   await gather([createTask(() => handle("a")), createTask(() => handle("b"))]);
 *   console.log(requestId.get()); // "-": the children's sets stay theirs
 * });
 * ```
 * @public
 */
export class ContextVar<T> {
  /** The variable's name (for reprs and errors only: two variables of one name are distinct). */
  readonly name: string;
  /** @internal The default, or NO_DEFAULT. */
  readonly _default: T | typeof NO_DEFAULT;

  /**
   * Makes a variable.
   * @throws TypeError if `name` is not a string or `options` is not an options object.
   */
  constructor(name: string, options?: ContextVarOptions<T>) {
    if (typeof name !== "string") throw new TypeError(`ContextVar(name): expected a string, got ${describe(name)}`);
    if (options !== undefined && (options === null || typeof options !== "object")) _checkOptions("ContextVar", "{ default? }", options);
    this.name = name;
    this._default = options !== undefined && "default" in options ? (options.default as T) : NO_DEFAULT;
    state.inUse = true;
  }

  /**
   * The variable's value in the current context; where it has none, `defaultValue` if given, else
   * the variable's default.
   * @throws {@link LookupError} if there is no value and no default of either kind.
   */
  get(): T;
  /**
   * The variable's value in the current context; where it has none, `defaultValue` (even
   * `undefined`), whatever the variable's own default.
   */
  get<D>(defaultValue: D): T | D;
  get(defaultValue?: unknown): unknown {
    const data = currentContext()._data;
    const v = data.get(this);
    if (v !== undefined || data.has(this)) return v;
    if (arguments.length > 0) return defaultValue;
    if (this._default !== NO_DEFAULT) return this._default;
    throw new LookupError(`ContextVar ${this.name}: no value in the current context and no default`);
  }

  /**
   * Sets the variable's value in the current context.
   * @returns a {@link Token} that `reset()` takes to restore the value before this call.
   */
  set(value: T): Token<T> {
    const ctx = currentContext();
    const data = ctx._data;
    const old = data.get(this);
    const token = new Token<T>(MAKE_TOKEN, ctx, this, old !== undefined || data.has(this) ? (old as T) : Token.MISSING);
    ctx._write(this, value);
    return token;
  }

  /**
   * Restores the value the variable had before the `set` that returned `token` (removing it from
   * the context if it had none).
   * @throws TypeError if `token` is not a {@link Token}.
   * @throws Error if the token was used already (CPython's RuntimeError).
   * @throws RangeError if the token was made by another variable, or in another context than the
   * current one (CPython's ValueError).
   */
  reset(token: Token<T>): void {
    if (!(token instanceof Token)) throw new TypeError(`ContextVar.reset(token): a Token was expected, got ${describe(token)}`);
    if (token._used) throw new Error(`ContextVar.reset(token): ${token} has already been used once`);
    if (token.var !== this) throw new RangeError(`ContextVar.reset(token): ${token} was created by a different ContextVar`);
    const ctx = currentContext();
    if (token._context !== ctx) throw new RangeError(`ContextVar.reset(token): ${token} was created in a different Context`);
    token._used = true;
    const old = token.oldValue;
    if (old === Token.MISSING) ctx._remove(this);
    else ctx._write(this, old);
  }

  /** Shows the name and the default, e.g. `<ContextVar name='user' default='nobody'>`. */
  toString(): string {
    const d = this._default === NO_DEFAULT ? "" : ` default=${describe(this._default)}`;
    return `<ContextVar name='${this.name}'${d}>`;
  }

  /** @internal Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
