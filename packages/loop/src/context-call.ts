// Callbacks that run in a context (asyncio's `call_soon(cb, *args, context=ctx)`), and how the
// scheduling methods tell their options from the callback's arguments.
//
// The options come last, after the callback's arguments, and are recognised by their shape only: a
// plain object literal whose one key is `context`. Nothing else is taken for options, so any other
// argument (a future, a number, an object of another shape) reaches the callback unchanged.
//
// Until the first ContextVar is made no context is captured (every context is empty then), so the
// common path stays as it was: the queue holds the callback and its argument, with no wrapper.
import { Context, _enterContext, _exitContext } from "@aio/contextvars";
import type { CallOptions } from "@aio/core";
import type { Runnable } from "./ready-queue.js";
import { describe } from "./validate.js";

/** @internal Whether `x`, the last argument of callSoon/callLater/callAt, is `{ context }`. */
export function isCallOptions(x: unknown): x is CallOptions {
  if (typeof x !== "object" || x === null || Object.getPrototypeOf(x) !== Object.prototype) return false;
  for (const key in x) if (key !== "context") return false;
  return Object.prototype.hasOwnProperty.call(x, "context");
}

/**
 * @internal The context of `options` (null: none given, so the caller captures the current one).
 * @throws TypeError if `options.context` is not a Context, null or undefined.
 */
export function contextOf(method: string, options: CallOptions): Context | null {
  const ctx = options.context;
  if (ctx == null) return null;
  if (!(ctx instanceof Context)) {
    throw new TypeError(`${method}(..., options): options.context must be a Context (from @aio/contextvars), null or undefined, got ${describe(ctx)}`);
  }
  return ctx;
}

/** @internal What runInContext returns when the callback did not throw. */
export const OK: unique symbol = Symbol("ok");

/**
 * @internal Runs `fn(...args)` inside `ctx` (CPython's `Handle._run`: `ctx.run(fn, *args)`).
 * @returns `OK`, or the error thrown (by `fn`, or by entering a context that is already entered),
 * for the caller to report after the context is left.
 */
export function runInContext(ctx: Context, fn: (...a: unknown[]) => unknown, argc: number, arg: unknown, list: unknown[] | null): unknown {
  let previous: Context | null;
  try {
    previous = _enterContext(ctx);
  } catch (error) {
    return error;
  }
  try {
    if (argc === 0) fn();
    else if (argc === 1) fn(arg);
    else fn(...list!);
    return OK;
  } catch (error) {
    return error;
  } finally {
    _exitContext(ctx, previous);
  }
}

/** @internal A `callSoon` callback that runs in a context: queued as a runnable. */
export class ContextCall implements Runnable {
  constructor(
    readonly fn: (...a: unknown[]) => unknown,
    readonly argc: number,
    readonly arg: unknown,
    readonly list: unknown[] | null,
    readonly ctx: Context,
    readonly onError: (fn: (...a: unknown[]) => unknown, error: unknown) => void,
  ) {}

  _run(): void {
    const error = runInContext(this.ctx, this.fn, this.argc, this.arg, this.list);
    if (error !== OK) this.onError(this.fn, error);
  }

  /** For debug reports: `<Handle name()>`. */
  toString(): string {
    return `<Handle ${this.fn.name || "anonymous"}()>`;
  }
}
