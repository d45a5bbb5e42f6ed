// esbuild for the browser, two ways:
// - from the built packages (`dist/`, through each package's exports and "browser" fields), as a
//   user's bundler sees them: the load check, the bundle sizes, the bench pages;
// - from the TypeScript sources, for the in-page tests: `@aio/<name>` is the package's src entry
//   (its browser entry where it has one), "vitest" is the page harness, and the "browser" file
//   maps of the packages apply to their sources too.
// Both refuse any Node built-in module, naming who imported it.
import { builtinModules } from "node:module";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { build, type BuildOptions, type Metafile, type Plugin } from "esbuild";
import { PACKAGES_DIR, REPO_ROOT, TOOL_DIR } from "./paths.js";

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith("_")));

/** Fails the build on `node:*` and bare Node built-ins ("fs", "worker_threads"), naming the importer. */
export const noNodeBuiltins: Plugin = {
  name: "no-node-builtins",
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      // A bare name counts only when nothing in node_modules has it (esbuild tries packages first).
      if (!args.path.startsWith("node:") && !(BUILTINS.has(args.path) && !hasPackage(args.path, args.resolveDir))) return undefined;
      return {
        errors: [{ text: `Node built-in "${args.path}" imported by ${relative(REPO_ROOT, args.importer) || args.importer}: browser bundles must not need it` }],
      };
    });
  },
};

/** Whether `name` resolves to an installed package from `dir` (then it is not the Node built-in). */
function hasPackage(name: string, dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules", name, "package.json"))) return true;
    if (dirname(d) === d) return false;
  }
}

interface PackageManifest {
  name: string;
  exports?: Record<string, unknown>;
  browser?: Record<string, string>;
}

function manifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageManifest;
}

/** dist path in a package's manifest (`./dist/x.js`) → its source (`src/x.ts`). */
function toSource(pkgDir: string, distPath: string): string {
  return join(pkgDir, distPath.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
}

/** Every @aio package with sources: name → { dir, entry (browser entry when there is one), browser map }. */
function sourcePackages(): Map<string, { dir: string; entry: string; fileMap: Map<string, string> }> {
  const out = new Map<string, { dir: string; entry: string; fileMap: Map<string, string> }>();
  for (const folder of readdirSync(PACKAGES_DIR)) {
    const dir = join(PACKAGES_DIR, folder);
    if (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "src/index.ts"))) continue;
    const m = manifest(dir);
    const dot = m.exports?.["."] as Record<string, unknown> | undefined;
    const browser = dot?.["browser"] as string | Record<string, string> | undefined;
    const browserTarget = typeof browser === "string" ? browser : browser?.["default"] ?? browser?.["import"];
    const entry = browserTarget !== undefined ? toSource(dir, browserTarget) : join(dir, "src/index.ts");
    const fileMap = new Map<string, string>();
    for (const [from, to] of Object.entries(m.browser ?? {})) fileMap.set(toSource(dir, from), toSource(dir, to));
    out.set(m.name, { dir, entry, fileMap });
  }
  return out;
}

/**
 * The source-mode resolution: `@aio/<name>` → sources, "vitest" → the page harness, the packages'
 * "browser" file maps applied to their sources, and `setImmediate` provided to test files.
 */
export function sourcePlugin(): Plugin {
  const packages = sourcePackages();
  const fileMap = new Map<string, string>();
  for (const p of packages.values()) for (const [from, to] of p.fileMap) fileMap.set(from, to);
  const harness = join(TOOL_DIR, "src/harness");
  return {
    name: "aio-sources",
    setup(b) {
      b.onResolve({ filter: /^@aio\/[\w-]+$/ }, (args) => {
        const p = packages.get(args.path);
        return p === undefined ? undefined : { path: p.entry };
      });
      // `@aio/<name>/internal`: its browser build where the package has one.
      b.onResolve({ filter: /^@aio\/[\w-]+\/internal$/ }, (args) => {
        const p = packages.get(args.path.slice(0, -"/internal".length));
        if (p === undefined) return undefined;
        const browser = join(p.dir, "src/internal-browser.ts");
        return { path: existsSync(browser) ? browser : join(p.dir, "src/internal.ts") };
      });
      b.onResolve({ filter: /^vitest$/ }, () => ({ path: join(harness, "vitest.ts") }));
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.path.endsWith(".js")) return undefined;
        const source = join(args.resolveDir, args.path).replace(/\.js$/, ".ts");
        const mapped = fileMap.get(source);
        return mapped === undefined ? undefined : { path: mapped };
      });
      // Test files written for Node may call setImmediate: give them the page harness's, without
      // making it a global (a global setImmediate would make the loop choose its Node host).
      b.onLoad({ filter: /[\\/](test|tooling[\\/]config)[\\/].*\.ts$/ }, (args) => {
        const text = readFileSync(args.path, "utf8");
        if (!/\bsetImmediate\(|\bclearImmediate\(/.test(text)) return undefined;
        const shim = JSON.stringify(join(harness, "node-shims.ts"));
        return { contents: `import { setImmediate, clearImmediate } from ${shim};\n${text}`, loader: "ts" };
      });
    },
  };
}

/** The options every browser bundle shares. */
export const BROWSER: BuildOptions = {
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  logLevel: "silent",
  legalComments: "none",
};

/** Bundles one entry given as source text; returns the JavaScript and the metafile. */
export async function bundleText(
  contents: string,
  options: {
    resolveDir: string;
    sources?: boolean;
    minify?: boolean;
    sourcemap?: boolean;
    keepSideEffects?: boolean;
    /** Leave `node:*` imports out as external instead of failing (peers measured for size). */
    externalNodeBuiltins?: boolean;
  },
): Promise<{ js: string; metafile: Metafile }> {
  const result = await build({
    ...BROWSER,
    stdin: { contents, resolveDir: options.resolveDir, loader: "ts", sourcefile: "entry.ts" },
    write: false,
    metafile: true,
    minify: options.minify ?? false,
    // A worker entry is all side effects: keep it even where a package says "sideEffects": false.
    ignoreAnnotations: options.keepSideEffects ?? false,
    sourcemap: options.sourcemap === true ? "inline" : false,
    ...(options.externalNodeBuiltins === true ? { external: ["node:*"] } : {}),
    plugins: [...(options.externalNodeBuiltins === true ? [] : [noNodeBuiltins]), ...(options.sources === true ? [sourcePlugin()] : [])],
  });
  const out = result.outputFiles[0];
  if (out === undefined) throw new Error("esbuild wrote nothing");
  return { js: out.text, metafile: result.metafile };
}

