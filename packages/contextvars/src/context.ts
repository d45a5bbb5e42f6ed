import { _describe as describe } from "@aio/core";
// A cycle with context-var.ts, used only inside functions: both modules are complete by then.
import { ContextVar } from "./context-var.js";
import { currentContext, state } from "./current.js";

// A context's variables are a Map treated as a value: copy() shares it, and the first write to a
// shared map copies it (O(number of variables set), which is small in practice; CPython uses a
// persistent hash trie to make both O(log n)). An unshared map is written in place, so a task that
// sets its variables repeatedly allocates nothing.
const EMPTY = new Map<ContextVar<unknown>, unknown>();

/**
 * A set of context-variable values (Python's `contextvars.Context`).
 *
 * @remarks
 * Every \@aio task runs in its own context, a copy of the context current when the task was
 * created (or the `context` option of `createTask`), so a {@link ContextVar} set in a task is seen
 * by that task and by the tasks it creates afterwards, never by its parent or siblings. This holds
 * in both coroutine styles and across every await, a foreign promise's included.
 *
 * `new Context()` is empty. A context is a read-only mapping from variables to values (`get`,
 * `has`, `size`, iteration over `[variable, value]` pairs); it changes only while it is entered,
 * through `ContextVar.set` and `reset`. `ctx.run(fn)` enters it for the synchronous call of `fn`.
 * @example
 * ```ts
 * const user = new ContextVar<string>("user", { default: "nobody" });
 * const ctx = copyContext();
 * ctx.run(() => user.set("ada"));
 * console.log(ctx.get(user), user.get()); // "ada" "nobody"
 * ```
 * @public
 */
export class Context implements Iterable<[ContextVar<unknown>, unknown]> {
  /** @internal The values, by variable (possibly shared with copies: see `_shared`). */
  _data: Map<ContextVar<unknown>, unknown> = EMPTY;
  /** @internal `_data` may be shared with another context: copy it before writing. */
  _shared = true;
  /** @internal Entered right now (synchronously: by `run`, a task step or a callback). */
  _entered = false;

  /**
   * Runs `fn(...args)` with this context as the current one and returns what it returns; the
   * previous context is current again afterwards, whatever happens.
   *
   * @remarks
   * Only the synchronous call runs in the context: an async function's code after its first await
   * runs in the context of the task it belongs to (run a coroutine in a context with
   * `createTask(coro, { context })`, as in Python).
   * @throws Error `"cannot enter context: … is already entered"` if this context is current now
   * (inside its own `run`, or it is the running task's context), as CPython raises RuntimeError.
   * @throws TypeError if `fn` is not a function.
   * @throws whatever `fn` throws.
   */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    if (typeof fn !== "function") throw new TypeError(`Context.run(fn): expected a function, got ${describe(fn)}`);
    const r = state.resolver;
    if (!this._entered && r !== null && r() === this) alreadyEntered(this);
    const previous = _enterContext(this);
    try {
      return fn(...args);
    } finally {
      _exitContext(this, previous);
    }
  }

  /** A new context with the same values (a shallow copy: the values themselves are shared). */
  copy(): Context {
    const c = new Context();
    if (this._data.size > 0) {
      c._data = this._data;
      this._shared = true;
    }
    return c;
  }

  /**
   * The value of `variable` in this context, else `defaultValue` (null when not given), as
   * Python's `ctx.get(var, default=None)`. The variable's own default is not consulted.
   * @throws TypeError if `variable` is not a {@link ContextVar}.
   */
  get<T>(variable: ContextVar<T>): T | null;
  /**
   * The value of `variable` in this context, else `defaultValue`.
   * @throws TypeError if `variable` is not a {@link ContextVar}.
   */
  get<T, D>(variable: ContextVar<T>, defaultValue: D): T | D;
  get(variable: ContextVar<unknown>, defaultValue: unknown = null): unknown {
    checkVar("Context.get", variable);
    const data = this._data;
    const v = data.get(variable);
    return v !== undefined || data.has(variable) ? v : defaultValue;
  }

  /**
   * Whether `variable` has a value in this context (Python's `var in ctx`).
   * @throws TypeError if `variable` is not a {@link ContextVar}.
   */
  has(variable: ContextVar<unknown>): boolean {
    checkVar("Context.has", variable);
    return this._data.has(variable);
  }

  /** How many variables have a value in this context. */
  get size(): number {
    return this._data.size;
  }

  /** The `[variable, value]` pairs, as they are when iteration starts. */
  entries(): IterableIterator<[ContextVar<unknown>, unknown]> {
    this._shared = true; // a later write copies: the iteration sees a snapshot, as in CPython
    return this._data.entries();
  }

  /** The variables that have a value, as they are when iteration starts. */
  keys(): IterableIterator<ContextVar<unknown>> {
    this._shared = true;
    return this._data.keys();
  }

  /** The values, as they are when iteration starts. */
  values(): IterableIterator<unknown> {
    this._shared = true;
    return this._data.values();
  }

  /** Iterates over the `[variable, value]` pairs (see `entries()`). */
  [Symbol.iterator](): IterableIterator<[ContextVar<unknown>, unknown]> {
    return this.entries();
  }

  /** Shows the variables and their values, e.g. `<Context user='ada'>` or `<Context empty>`. */
  toString(): string {
    if (this._data.size === 0) return "<Context empty>";
    const parts: string[] = [];
    for (const [variable, value] of this._data) parts.push(`${variable.name}=${describe(value)}`);
    return `<Context ${parts.join(" ")}>`;
  }

  /** @internal Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @internal Sets `variable` in this context (copying shared data first). */
  _write(variable: ContextVar<unknown>, value: unknown): void {
    let data = this._data;
    if (this._shared) {
      data = this._data = new Map(data);
      this._shared = false;
    }
    data.set(variable, value);
  }

  /** @internal Removes `variable` from this context (copying shared data first). */
  _remove(variable: ContextVar<unknown>): void {
    if (!this._data.has(variable)) return;
    if (this._shared) {
      this._data = new Map(this._data);
      this._shared = false;
    }
    this._data.delete(variable);
  }
}

state.base = new Context();

function alreadyEntered(ctx: Context): never {
  throw new Error(`cannot enter context: ${ctx} is already entered`);
}

function checkVar(where: string, variable: unknown): void {
  if (!(variable instanceof ContextVar)) {
    throw new TypeError(`${where}(variable): a ContextVar was expected, got ${describe(variable)}`);
  }
}

/**
 * Returns a copy of the current context (Python's `contextvars.copy_context()`).
 *
 * @remarks
 * Inside a task, the current context is the task's; in top-level code, the program's own.
 * @example
 * ```ts
 * const requestId = new ContextVar<number>("requestId");
 * requestId.set(7);
 * const snapshot = copyContext();
 * requestId.set(8);
 * console.log(snapshot.get(requestId)); // 7
 * ```
 * @public
 */
export function copyContext(): Context {
  return currentContext().copy();
}

/**
 * For task and loop implementations: enters `ctx` synchronously (until `_exitContext`) and returns
 * the context entered before, to restore.
 * @throws Error `"cannot enter context: … is already entered"` if `ctx` is entered already.
 * @public
 */
export function _enterContext(ctx: Context): Context | null {
  if (ctx._entered) alreadyEntered(ctx);
  ctx._entered = true;
  const previous = state.entered;
  state.entered = ctx;
  return previous;
}

/**
 * For task and loop implementations: leaves `ctx`, entered with `_enterContext`, and restores
 * `previous` (what `_enterContext` returned).
 * @public
 */
export function _exitContext(ctx: Context, previous: Context | null): void {
  ctx._entered = false;
  state.entered = previous;
}

/**
 * For loop and future implementations: what a callback scheduled now should run in (CPython's
 * `copy_context()` in `Handle` and `add_done_callback`): a copy of the current context, or null
 * while no `ContextVar` exists (every context is empty then, so none is needed).
 * @public
 */
export function _captureContext(): Context | null {
  return state.inUse ? currentContext().copy() : null;
}

/**
 * For task and loop implementations: whether any `ContextVar` was made yet. Until then contexts
 * need not be captured or entered.
 * @public
 */
export function _contextsInUse(): boolean {
  return state.inUse;
}

/**
 * For task implementations: installs the function that answers with the running task's context
 * when no context is entered synchronously (an async function's code after an await), or null.
 * @throws TypeError if `resolver` is neither a function nor null.
 * @public
 */
export function _setContextResolver(resolver: (() => Context | null) | null): void {
  if (resolver !== null && typeof resolver !== "function") {
    throw new TypeError(`_setContextResolver(resolver): expected a function or null, got ${describe(resolver)}`);
  }
  state.resolver = resolver;
}
