// The messages between a pool and its workers, and how errors cross: structured clone keeps an
// Error's message and stack but not its class or extra fields, so errors travel as plain records.

/**
 * How a worker finds the function to run (for the \@aio executors).
 * @public
 */
export type JobCode =
  /**
   * A function sent by its source; `source` (and `prelude`, the compiler helpers it calls) are left
   * out once this worker has compiled `id`.
   */
  | { kind: "source"; id: number; shape: "expression" | "method"; source?: string; prelude?: string }
  | { kind: "module"; url: string; name: string };

/** Pool → worker. */
export type ToWorker =
  | { type: "run"; job: number; code: JobCode; args: unknown[] }
  | { type: "abort"; job: number; reason: WireError };

/** Worker → pool. */
export type FromWorker =
  | { type: "ready" }
  | { type: "ok"; job: number; value: unknown }
  | { type: "err"; job: number; error: WireError };

/**
 * A thrown value on its way between threads or machines (for the \@aio executors): an Error as a
 * plain record (name, message, stack, cloneable fields, cause), any other value as it is.
 * @public
 */
export type WireError =
  | { error: true; name: string; message: string; stack: string | undefined; props: Record<string, unknown>; cause?: WireError }
  | { error: false; value: unknown };

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
};

/**
 * For the \@aio executors: packs a thrown value for postMessage or v8.serialize; anything that will
 * not clone becomes a description.
 * @param depth - How many `cause` links were followed already (four at most are kept).
 * @public
 */
export function toWire(thrown: unknown, depth = 0): WireError {
  if (!(thrown instanceof Error)) {
    return isCloneable(thrown) ? { error: false, value: thrown } : toWire(new Error(`non-Error thrown: ${String(thrown)}`));
  }
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(thrown)) {
    const value = (thrown as unknown as Record<string, unknown>)[key];
    if (key !== "cause" && isCloneable(value)) props[key] = value;
  }
  const wire: WireError = { error: true, name: thrown.name, message: thrown.message, stack: thrown.stack, props };
  if (thrown.cause !== undefined && depth < 4) wire.cause = toWire(thrown.cause, depth + 1);
  return wire;
}

/**
 * For the \@aio executors: rebuilds what `_toWire` packed: the same built-in class where there is
 * one, name, message, stack, fields and cause.
 * @public
 */
export function fromWire(wire: WireError): unknown {
  if (!wire.error) return wire.value;
  const Ctor = BUILTIN_ERRORS[wire.name] ?? Error;
  const error = new Ctor(wire.message);
  if (error.name !== wire.name) Object.defineProperty(error, "name", { value: wire.name, writable: true, configurable: true });
  Object.defineProperty(error, "stack", { value: wire.stack, writable: true, configurable: true });
  Object.assign(error, wire.props);
  if (wire.cause !== undefined) Object.defineProperty(error, "cause", { value: fromWire(wire.cause), writable: true, configurable: true });
  return error;
}

function isCloneable(value: unknown): boolean {
  if (typeof value === "symbol" || typeof value === "function") return false;
  if (value === null || typeof value !== "object") return true;
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
