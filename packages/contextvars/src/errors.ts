/**
 * A {@link ContextVar} was read with no value in the current context and no default (Python's
 * `LookupError`, which `ContextVar.get()` raises then).
 * @public
 */
export class LookupError extends Error {}
Object.defineProperty(LookupError.prototype, "name", { value: "LookupError", writable: true, configurable: true });
