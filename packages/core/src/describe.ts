// How every \@aio error message shows a value it got: short, safe, with its type, e.g.
// `42 (number)`, `"abc" (string)`, `tick (function)`, `<Future pending>`, `Map (object)`.
import { isCoroutine } from "./predicates.js";

/**
 * For the \@aio packages: a short, safe description of any value for an error message.
 *
 * @remarks
 * Never throws, whatever `x` is (a symbol, an object without a prototype, a proxy whose traps throw).
 * @public
 */
export function _describe(x: unknown): string {
  try {
    return describeValue(x);
  } catch {
    return `a value that cannot be shown (${typeof x})`;
  }
}

function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  const t = typeof x;
  if (t === "string") {
    const s = x as string;
    return `${JSON.stringify(s.length > 40 ? s.slice(0, 37) + "..." : s)} (string)`;
  }
  if (t === "function") return `${(x as Function).name || "anonymous"} (function)`;
  if (x instanceof Error) return `${x.name}(${JSON.stringify(x.message)})`;
  if (t === "object") {
    if (isCoroutine(x)) return "a coroutine (generator object)";
    // An object that describes itself (futures, tasks, locks, queues...) says it best.
    if ((x as object).toString !== Object.prototype.toString) {
      try {
        return String(x);
      } catch {
        /* fall through */
      }
    }
    return `${(x as object).constructor?.name ?? "Object"} (object)`;
  }
  return `${String(x)} (${t})`;
}

/**
 * For the \@aio packages: `String(x)` that never throws, for values that become text (a cancel
 * message, a task name). A symbol reads `Symbol(why)`; an object that cannot be converted (no
 * prototype, a throwing `toString`) reads as {@link _describe} shows it.
 * @public
 */
export function _toText(x: unknown): string {
  if (typeof x === "string") return x;
  try {
    return String(x);
  } catch {
    return _describe(x);
  }
}
