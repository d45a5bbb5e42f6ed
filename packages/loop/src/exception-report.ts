// The text the default exception handler prints: the message, then the context's other keys in
// CPython's order (sorted), then the error with its stack.
import type { ExceptionContext } from "@aio/core";

const show = (v: unknown): string => {
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
};

/** @internal */
export function formatExceptionContext(context: ExceptionContext): string {
  const lines = [context.message || "Unhandled exception in event loop"];
  for (const key of Object.keys(context).sort()) {
    if (key === "message" || key === "exception") continue;
    lines.push(`${key}: ${show(context[key])}`);
  }
  const error = context.exception;
  if (error !== undefined) {
    lines.push(error instanceof Error && error.stack ? error.stack : `exception: ${show(error)}`);
  }
  return lines.join("\n");
}
