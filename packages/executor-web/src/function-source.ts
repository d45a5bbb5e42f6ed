// Turning a function into source text a Web Worker can compile, and refusing the ones that would not
// mean the same thing there: natives, bound functions, classes, and closures over outer variables.
// The rules of \@aio/executor's local pools; the parsers (acorn, eslint-scope: plain JavaScript) are
// imported statically here, since a page cannot `require` them on first use.
import { parse, type Node } from "acorn";
import { analyze } from "eslint-scope";
import { allowedGlobals } from "./allowed-globals.js";

/**
 * How the worker rebuilds the function: `expression` sources (function expressions, arrows) are
 * evaluated as `(source)`, `method` sources (`name() {}` shorthand) as the only member of `({source})`.
 */
export type SourceShape = "expression" | "method";

/** A function checked for sending, with an id shared by every function of the same source text. */
export interface FunctionSource {
  readonly id: number;
  readonly source: string;
  readonly shape: SourceShape;
  /** Definitions of the compiler helpers the source calls, to run before it; often "". */
  readonly prelude: string;
}

// The helpers esbuild's keepNames puts inside functions; the worker defines them in front of a job.
const HELPERS: Readonly<Record<string, string>> = {
  __defProp: "var __defProp = Object.defineProperty;",
  __name: 'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });',
};

// Two caches: by function object (the common hot loop submits one function many times), and by
// source text (a closure-free arrow written inline is a new object on every call, same text).
const byFunction = new WeakMap<Function, FunctionSource | string>();
const bySource = new Map<string, FunctionSource | string>();
const MAX_SOURCES = 10_000;
let nextId = 1;

/**
 * Checks `fn` and returns its source; throws a TypeError that says what is wrong otherwise.
 * @param where - The caller, for error messages (`WebWorkerExecutor.submit(fn)`).
 */
export function functionSource(fn: Function, where: string): FunctionSource {
  let entry = byFunction.get(fn);
  if (entry === undefined) {
    entry = check(fn);
    byFunction.set(fn, entry);
  }
  if (typeof entry === "string") throw new TypeError(`${where}: ${entry}`);
  return entry;
}

function check(fn: Function): FunctionSource | string {
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    return fn.name.startsWith("bound ")
      ? `fn is a bound function (${fn.name}), whose source cannot be sent to a worker; pass the bound values as arguments instead`
      : `fn is a native function (${fn.name || "anonymous"}), whose source cannot be sent to a worker; wrap the call in a function of your own`;
  }
  if (/^class\b/.test(source)) return `fn is a class (${fn.name || "anonymous"}); only functions can be sent to a worker`;
  let entry = bySource.get(source);
  if (entry === undefined) {
    entry = checkSource(source);
    if (bySource.size >= MAX_SOURCES) bySource.clear();
    bySource.set(source, entry);
  }
  return entry;
}

function checkSource(source: string): FunctionSource | string {
  const parsed = parseFunction(source);
  if (typeof parsed === "string") return parsed;
  const outer = freeVariables(parsed.program);
  const free = outer.filter((name) => !Object.hasOwn(HELPERS, name));
  if (free.length > 0) {
    const names = free.map((name) => `"${name}"`).join(", ");
    const pageOnly = free.filter((name) => name in globalThis);
    const note = pageOnly.length > 0
      ? ` (${pageOnly.map((name) => `"${name}"`).join(", ")} ${pageOnly.length === 1 ? "is a global" : "are globals"} of the page that a Web Worker does not have)`
      : "";
    return (
      `fn uses ${names}, defined outside its body${note}. A job is sent to the worker as source text, so ` +
      `it may use only its parameters, its own declarations and the globals of a Web Worker: pass ` +
      `${names} as an argument, or put the function in a module and submit fromModule(url, exportName)`
    );
  }
  const prelude = outer.length === 0 ? "" : [HELPERS["__defProp"], ...outer.filter((n) => n !== "__defProp").map((n) => HELPERS[n])].join("\n");
  return { id: nextId++, source, shape: parsed.shape, prelude };
}

function parseFunction(source: string): { program: Node; shape: SourceShape } | string {
  const asExpression = tryParse(`(${source}\n)`);
  if (asExpression !== null && isFunctionExpression(asExpression)) return { program: asExpression, shape: "expression" };
  // Method shorthand (`run(x) {}`, `async *gen() {}`) is only valid inside an object literal.
  const asMethod = tryParse(`({${source}\n})`);
  if (asMethod !== null) {
    const property = onlyProperty(asMethod);
    if (property !== null && property.kind !== "init") return `fn is a ${property.kind}ter; only functions can be sent to a worker`;
    if (property !== null && property.method) return { program: asMethod, shape: "method" };
  }
  return `the source of fn could not be read back as a function: ${source.slice(0, 80)}`;
}

function tryParse(text: string): Node | null {
  try {
    return parse(text, { ecmaVersion: "latest", sourceType: "script", ranges: true });
  } catch {
    return null;
  }
}

// The AST shapes this file looks at, narrowed from acorn's node types without `any`.
interface Body { body: { type: string; expression?: { type: string; properties?: Property[] } }[] }
interface Property { type: string; kind: "init" | "get" | "set"; method: boolean }

function isFunctionExpression(program: Node): boolean {
  const body = (program as unknown as Body).body;
  const type = body.length === 1 ? body[0]?.expression?.type : undefined;
  return type === "FunctionExpression" || type === "ArrowFunctionExpression";
}

function onlyProperty(program: Node): Property | null {
  const body = (program as unknown as Body).body;
  const expression = body.length === 1 ? body[0]?.expression : undefined;
  const properties = expression?.type === "ObjectExpression" ? expression.properties : undefined;
  return properties?.length === 1 && properties[0]?.type === "Property" ? properties[0] : null;
}

/** Names the program reads or writes without declaring them, less the allowed globals, in order. */
function freeVariables(program: Node): string[] {
  const manager = analyze(program, { ecmaVersion: 2022, sourceType: "script" });
  const allowed = allowedGlobals();
  const free = new Set<string>();
  for (const reference of manager.globalScope?.through ?? []) {
    const name = reference.identifier.name;
    if (!allowed.has(name)) free.add(name);
  }
  return [...free];
}
