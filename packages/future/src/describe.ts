// Descriptions of values for reprs; error messages use \@aio/core's `_describe`.
import { _describe as describe } from "@aio/core";

export { describe };
/** @internal A value as a repr shows it: like `describe`, but numbers, booleans and undefined plain. */
export function repr(x: unknown): string {
  const t = typeof x;
  if (t === "number" || t === "boolean" || t === "undefined") return String(x);
  if (t === "bigint") return `${String(x)}n`;
  if (t === "string") return JSON.stringify((x as string).length > 40 ? (x as string).slice(0, 37) + "..." : x);
  return describe(x);
}
