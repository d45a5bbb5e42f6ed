// Module tasks: instead of sending a function's source, the worker imports a module and calls one
// of its exports, so the job may use imports, closures and anything else a module can.
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { _describe as describe } from "@aio/core";

const MODULE_TASK = Symbol.for("@aio/executor.moduleTask");

/**
 * A job that a worker runs by importing `moduleUrl` and calling its export `exportName`; made by
 * {@link fromModule}. Pass it to `submit`, `map` or `runInExecutor` in place of a function.
 * @public
 */
export interface ModuleTask<A extends unknown[], R> {
  /** Runs the export in this thread instead (imports the module here). */
  (...args: A): Promise<Awaited<R>>;
  /** The module the worker imports, as an absolute URL. */
  readonly moduleUrl: string;
  /** The export the worker calls. */
  readonly exportName: string;
}

/**
 * Names a function exported by a module, to run in a worker (no asyncio equivalent: Python pickles
 * functions by module and name; this is the explicit form of the same thing).
 *
 * @remarks
 * The worker imports the module once (per worker) and calls the export with the job's arguments,
 * awaiting it if it returns a promise. Unlike a function sent by its source, the export may use
 * its module's imports and variables, and it can call `jobSignal()` imported from
 * `\@aio/executor` to see cancellation.
 * @param url - A `URL`, an absolute URL string (`file:`, `data:`, `node:`), or a file path (a
 *   relative path is resolved against the current working directory). Use
 *   `new URL("./jobs.js", import.meta.url)` for a module next to the caller.
 * @param exportName - The export to call. @defaultValue `"default"`
 * @throws TypeError if `url` is not a URL or a path, is a bare package name, or has a scheme Node
 *   cannot import (only `file:`, `data:` and `node:`), or if `exportName` is not a non-empty string.
 * @example
 * ```ts
 * // jobs.ts: export function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
 * const fib = fromModule<typeof import("./jobs.js").fib>(new URL("./jobs.js", import.meta.url), "fib");
 * console.log(await pool.submit(fib, 30)); // 832040
 * ```
 * @public
 */
export function fromModule<F extends (...args: any[]) => unknown = (...args: unknown[]) => unknown>(
  url: string | URL,
  exportName = "default",
): ModuleTask<Parameters<F>, ReturnType<F>> {
  const moduleUrl = toModuleUrl(url);
  if (typeof exportName !== "string" || exportName === "") {
    throw new TypeError(`fromModule(exportName): expected a non-empty string, got ${describe(exportName)}`);
  }
  const task = async (...args: Parameters<F>) => {
    const mod = (await import(moduleUrl)) as Record<string, unknown>;
    return callExport(mod, moduleUrl, exportName, args);
  };
  Object.defineProperties(task, {
    moduleUrl: { value: moduleUrl, enumerable: true },
    exportName: { value: exportName, enumerable: true },
    [MODULE_TASK]: { value: true },
    name: { value: `${exportName} from ${moduleUrl}` },
  });
  return task as ModuleTask<Parameters<F>, ReturnType<F>>;
}

/** True if `fn` was made by {@link fromModule} (by any copy of this package). */
export function isModuleTask(fn: unknown): fn is ModuleTask<unknown[], unknown> {
  return typeof fn === "function" && (fn as unknown as Record<symbol, unknown>)[MODULE_TASK] === true;
}

/** Calls `mod[exportName](...args)`, or explains why it is not a function. Used by workers too. */
export function callExport(mod: Record<string, unknown>, moduleUrl: string, exportName: string, args: unknown[]): unknown {
  const fn = mod[exportName];
  if (typeof fn !== "function") {
    throw new TypeError(`fromModule: ${moduleUrl} has no function export "${exportName}" (got ${typeof fn})`);
  }
  return (fn as (...a: unknown[]) => unknown)(...args);
}

/** The schemes Node's `import()` loads (without experimental flags). */
const IMPORTABLE = new Set(["file:", "data:", "node:"]);

function toModuleUrl(url: string | URL): string {
  if (url instanceof URL) return checkScheme(url.href, url.protocol);
  if (typeof url !== "string" || url === "") {
    throw new TypeError(`fromModule(url): expected a URL or a path, got ${describe(url)}`);
  }
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url);
  if (scheme !== null && !/^[a-z]:[\\/]/i.test(url)) return checkScheme(url, (scheme[1] as string).toLowerCase()); // not C:\ on Windows
  if (isAbsolute(url)) return pathToFileURL(url).href;
  if (url.startsWith("./") || url.startsWith("../")) return pathToFileURL(resolve(url)).href;
  throw new TypeError(
    `fromModule(url): "${url}" is a bare module name, which a worker would resolve from the wrong place; ` +
      `pass import.meta.resolve("${url}") or a URL instead`,
  );
}

function checkScheme(href: string, protocol: string): string {
  if (IMPORTABLE.has(protocol)) return href;
  throw new TypeError(`fromModule(url): a worker cannot import ${JSON.stringify(href)}: expected a file:, data: or node: URL, or a path`);
}
