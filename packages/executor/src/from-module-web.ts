// fromModule in a browser: the same module tasks as from-module.ts (the same brand, so any executor
// of these packages takes them), with the URL rules of a page: http(s), blob: and data: modules,
// and paths resolved against the page's base URL. Exported by the browser entry (browser.ts).
import { _describe as describe } from "@aio/core";
import type { ModuleTask } from "./from-module.js";

const MODULE_TASK = Symbol.for("@aio/executor.moduleTask");

/** The schemes a Web Worker's `import()` loads. */
const IMPORTABLE = new Set(["http:", "https:", "blob:", "data:"]);

/**
 * Names a function exported by a module, to run in a worker: the browser build of `fromModule`.
 *
 * @remarks
 * As in Node, the worker imports the module once and calls the export with the job's arguments;
 * the export may use its module's imports, and `jobSignal()` imported from `\@aio/executor` to see
 * cancellation. A relative path (`"./jobs.js"`) is resolved against the page's base URL (the
 * worker's location inside a worker); prefer `new URL("./jobs.js", import.meta.url)`.
 * @param url - A `URL`, an absolute `http:`, `https:`, `blob:` or `data:` URL, or a path.
 * @param exportName - The export to call. @defaultValue `"default"`
 * @throws TypeError if `url` is not a URL or a path, is a bare package name, or has another scheme,
 *   or if `exportName` is not a non-empty string.
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
    const mod = (await import(/* @vite-ignore */ moduleUrl)) as Record<string, unknown>;
    const fn = mod[exportName];
    if (typeof fn !== "function") {
      throw new TypeError(`fromModule: ${moduleUrl} has no function export "${exportName}" (got ${typeof fn})`);
    }
    return (fn as (...a: unknown[]) => unknown)(...args);
  };
  Object.defineProperties(task, {
    moduleUrl: { value: moduleUrl, enumerable: true },
    exportName: { value: exportName, enumerable: true },
    [MODULE_TASK]: { value: true },
    name: { value: `${exportName} from ${moduleUrl}` },
  });
  return task as ModuleTask<Parameters<F>, ReturnType<F>>;
}

function baseUrl(): string | undefined {
  const g = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  return g.document?.baseURI ?? g.location?.href;
}

function toModuleUrl(url: string | URL): string {
  if (url instanceof URL) return checkScheme(url);
  if (typeof url !== "string" || url === "") {
    throw new TypeError(`fromModule(url): expected a URL or a path, got ${describe(url)}`);
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return checkScheme(new URL(url));
  if (url.startsWith("/") || url.startsWith("./") || url.startsWith("../")) {
    const base = baseUrl();
    if (base === undefined) throw new TypeError(`fromModule(url): "${url}" is relative and there is no page URL to resolve it against; pass a URL`);
    return checkScheme(new URL(url, base));
  }
  throw new TypeError(
    `fromModule(url): "${url}" is a bare module name, which a worker cannot resolve; ` +
      `pass new URL("${url}", import.meta.url) or an absolute URL instead`,
  );
}

function checkScheme(url: URL): string {
  if (IMPORTABLE.has(url.protocol)) return url.href;
  throw new TypeError(`fromModule(url): a Web Worker cannot import ${JSON.stringify(url.href)}: expected an http:, https:, blob: or data: URL, or a path`);
}
