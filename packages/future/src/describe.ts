// Short, safe descriptions of arbitrary values for error messages and reprs.
/** @internal */
export function describe(x: unknown): string {
  if (x === null) return "null";
  const t = typeof x;
  if (t === "string") return JSON.stringify((x as string).length > 40 ? (x as string).slice(0, 37) + "..." : x);
  if (t === "function") return `${(x as Function).name || "anonymous"} (function)`;
  if (x instanceof Error) return `${x.name}(${JSON.stringify(x.message)})`;
  if (t === "object") {
    try {
      const s = String(x);
      if (s !== "[object Object]") return s;
    } catch {
      /* fall through */
    }
    return `${(x as object).constructor?.name ?? "Object"} (object)`;
  }
  return `${String(x)} (${t})`;
}

/** @internal A value as a repr shows it: like `describe`, but numbers, booleans and undefined plain. */
export function repr(x: unknown): string {
  const t = typeof x;
  if (t === "number" || t === "boolean" || t === "undefined") return String(x);
  if (t === "bigint") return `${String(x)}n`;
  return describe(x);
}
