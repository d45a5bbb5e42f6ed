// Short descriptions of arbitrary values for error messages.
/** @internal */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "function") return `${x.name || "anonymous"} (function)`;
  if (typeof x === "object") {
    const s = Object.prototype.toString === (x as object).toString ? "" : String(x);
    return s !== "" ? s : `${(x as object).constructor?.name ?? "Object"} (object)`;
  }
  return `${typeof x === "string" ? JSON.stringify(x) : String(x)} (${typeof x})`;
}
