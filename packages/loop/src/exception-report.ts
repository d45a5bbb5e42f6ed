// The text the default exception handler prints: the message, then the context's other keys in
// CPython's order (sorted), then the error with its stack. A key whose value is itself a context
// (a plain object, such as the `context` of "Unhandled error in exception handler") is printed the
// same way, indented under its key, so the original message and error (with its stack) are shown.
import type { ExceptionContext } from "@aio/core";

/** How deep nested contexts are printed before they are shown on one line. */
const MAX_DEPTH = 4;

const show = (v: unknown): string => {
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
};

/** A plain object (`{...}` or `Object.create(null)`): printed key by key, not as `[object Object]`. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function indent(text: string, prefix: string): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a fast path; indenting by "" gives the same text
  return prefix === "" ? text : text.replace(/^/gm, prefix);
}

/** The error with its stack (which starts with `Name: message`), or `exception: <value>`. */
function showError(error: unknown): string {
  return error instanceof Error && error.stack ? error.stack : `exception: ${show(error)}`;
}

/** The keys of `context` (message first, exception last), each on its own line(s). */
function fields(context: Record<string, unknown>, prefix: string, depth: number, seen: Set<object>): string[] {
  const lines: string[] = [];
  if (context.message !== undefined) lines.push(`${prefix}message: ${show(context.message)}`);
  lines.push(...otherKeys(context, prefix, depth, seen));
  if (context.exception !== undefined) lines.push(indent(showError(context.exception), prefix));
  return lines;
}

function otherKeys(context: Record<string, unknown>, prefix: string, depth: number, seen: Set<object>): string[] {
  const lines: string[] = [];
  for (const key of Object.keys(context).sort()) {
    if (key === "message" || key === "exception") continue;
    const value = context[key];
    if (isPlainObject(value) && depth < MAX_DEPTH && !seen.has(value)) {
      seen.add(value);
      lines.push(`${prefix}${key}:`, ...fields(value, `${prefix}  `, depth + 1, seen));
    } else {
      lines.push(`${prefix}${key}: ${show(value)}`);
    }
  }
  return lines;
}

/** @internal */
export function formatExceptionContext(context: ExceptionContext): string {
  const seen = new Set<object>([context]);
  const lines = [context.message ? show(context.message) : "Unhandled exception in event loop"];
  lines.push(...otherKeys(context, "", 0, seen));
  const error = context.exception;
  if (error !== undefined) lines.push(showError(error));
  return lines.join("\n");
}
