// TypeScript module tasks in worker threads. tsx's `--import` hook registers itself on the main
// thread only (always on Node 20; newer tsx releases also in workers on recent Node 22 and 24), so a
// worker thread given the flag still cannot import a .ts module. A thread that imports modules
// therefore registers tsx itself, through tsx's own `register()` from `tsx/esm/api`, found from
// where this process loaded tsx. (Where tsx's hook did register in the thread, this adds a second
// tsx in front of it, which compiles the already compiled output again: slower, still correct.)
// tsx stays optional: without it, a .ts module fails with an error that says what is missing.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { preloadedModules, splitNodeOptions } from "./exec-argv.js";

/** How a worker thread gets tsx: the URL of `tsx/esm/api` (its ESM build), or why it was not found. */
export type TsxApi = { readonly url: string } | { readonly error: string };

/** A preload of tsx: `tsx`, `tsx/esm`, `tsx/cjs`, or a file inside a tsx package (the `tsx` command's). */
const TSX_PRELOAD = /^tsx(?:[\\/].*)?$|[\\/]node_modules[\\/]tsx[\\/]/;

let found: TsxApi | null | undefined;

/**
 * Where `tsx/esm/api` is, resolved from where this process's tsx preload was (in `execArgv` or
 * `NODE_OPTIONS`), so the workers use the same tsx; null if this process does not run under tsx.
 * Memoized for the default arguments.
 */
export function findTsxApi(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env["NODE_OPTIONS"],
  cwd: string = process.cwd(),
): TsxApi | null {
  const defaults = execArgv === process.execArgv && nodeOptions === process.env["NODE_OPTIONS"] && cwd === process.cwd();
  if (defaults && found !== undefined) return found;
  const preloads = [...preloadedModules(execArgv), ...preloadedModules(splitNodeOptions(nodeOptions ?? ""))]
    .filter((specifier) => TSX_PRELOAD.test(specifier));
  let api: TsxApi | null = null;
  for (const specifier of preloads) {
    try {
      api = { url: resolveTsxApi(specifier, cwd) };
      break;
    } catch (error) {
      api ??= { error: `tsx/esm/api was not found from the preload "${specifier}": ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  if (defaults) found = api;
  return api;
}

/**
 * The ESM build of `tsx/esm/api` of the tsx that `specifier` loads: a file of that tsx, or a bare
 * name, which Node resolves from the working directory. (The CommonJS build of `tsx/esm/api`
 * registers its hooks from a wrong path in tsx 4.23, so `require.resolve` alone would not do.)
 */
function resolveTsxApi(specifier: string, cwd: string): string {
  const from = specifier.startsWith("file:") ? fileURLToPath(specifier)
    : isAbsolute(specifier) ? specifier
    : specifier.startsWith(".") ? resolve(cwd, specifier)
    : join(cwd, "[preload]");
  const packageJson = createRequire(from).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(packageJson, "utf8")) as { version?: string; exports?: Record<string, unknown> };
  const target = importTarget(pkg.exports?.["./esm/api"]);
  if (target === undefined) throw new Error(`tsx ${pkg.version ?? "(no version)"} at ${dirname(packageJson)} has no "tsx/esm/api" export (tsx 4 has it)`);
  return pathToFileURL(join(dirname(packageJson), target)).href;
}

/** The file an `exports` entry gives to `import` under Node (conditions import, node, default). */
function importTarget(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const file = importTarget(item);
      if (file !== undefined) return file;
    }
    return undefined;
  }
  if (target === null || typeof target !== "object") return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (condition !== "import" && condition !== "node" && condition !== "default") continue;
    const file = importTarget(value);
    if (file !== undefined) return file;
  }
  return undefined;
}

/**
 * In a worker thread, before its first module import: registers tsx's hooks for this thread.
 * @returns why tsx could not be registered, or undefined once it is.
 */
export async function registerTsx(api: TsxApi): Promise<string | undefined> {
  if ("error" in api) return api.error;
  try {
    const { register } = (await import(api.url)) as { register?: unknown };
    if (typeof register !== "function") return `${api.url} has no register() function`;
    (register as () => unknown)();
    return undefined;
  } catch (error) {
    return `tsx (${api.url}) could not be registered in the worker thread: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const TS_EXTENSION = /^Unknown file extension "\.(?:[cm]?ts|tsx)"/;

/**
 * What a module task's failed import fails the job with: the error itself, or, when Node met a
 * TypeScript file it cannot load, an error saying that tsx or a build is needed (`why`: why this
 * worker has no tsx although its pool's process has it).
 */
export function explainImportError(error: unknown, url: string, why: string | undefined): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "ERR_UNKNOWN_FILE_EXTENSION" || !TS_EXTENSION.test((error as Error).message)) return error;
  const explained = new TypeError(
    `fromModule: the worker could not import ${url}: ${(error as Error).message}. ` +
      "A worker imports a TypeScript module only when this program runs under tsx " +
      "(`tsx main.ts` or `node --import tsx main.ts`, with tsx installed); otherwise build it and pass the built .js module" +
      (why === undefined ? "" : `. This worker has no tsx: ${why}`),
    { cause: error },
  );
  return Object.assign(explained, { code });
}
