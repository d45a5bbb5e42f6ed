/**
 * Python's `contextvars` for \@aio: `ContextVar`, `Context`, `Token` and `copyContext()`, with every
 * task running in its own copy of the context it was created in.
 *
 * @packageDocumentation
 */
export { ContextVar } from "./context-var.js";
export type { ContextVarOptions } from "./context-var.js";
export { Context, copyContext, _enterContext, _exitContext, _captureContext, _contextsInUse, _setContextResolver } from "./context.js";
export { Token } from "./token.js";
export { LookupError } from "./errors.js";
