// The browser load check (`pnpm --filter @aio/tooling-browser check:load`, and test/load.test.ts):
// each package that must work on a page is bundled from its built `dist/` exactly as a user's
// bundler sees it (esbuild, platform "browser": the "browser" export conditions and file maps
// apply), with no polyfills. A bundle fails if
// 1. it needs a Node built-in module (`node:*` or a bare "fs", ...): the build names the importer;
// 2. loading it in Chromium throws, or touches a Node global (process, Buffer, global, require,
//    setImmediate, ...) while its modules evaluate: the page traps those names during the import;
// 3. (for the loop and the umbrella) `run()` does not work on the page, or the loop did not pick the
//    browser host by itself.
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { bundleText } from "./bundle.js";
import { launchChromium, type Chromium } from "./chromium.js";
import { REPO_ROOT, TOOL_DIR } from "./paths.js";
import { serve } from "./server.js";

/** A package entry checked in the browser. */
export interface LoadTarget {
  /** The import specifier (`@aio/loop`). */
  specifier: string;
  /** Run a program with `run()` after loading (the module must export run and sleep, or be the loop). */
  program?: "run";
}

/** The packages a page may use (the issue's list, the executors' browser builds and the umbrella). */
export const LOAD_TARGETS: readonly LoadTarget[] = [
  { specifier: "@aio/core" },
  { specifier: "@aio/future" },
  { specifier: "@aio/task" },
  { specifier: "@aio/loop", program: "run" },
  { specifier: "@aio/combinators" },
  { specifier: "@aio/sync" },
  { specifier: "@aio/queue" },
  { specifier: "@aio/executor" },
  { specifier: "@aio/executor-web" },
  { specifier: "@aio/asyncio", program: "run" },
];

/** The globals a browser bundle must not reach while it loads. */
export const NODE_GLOBALS = ["process", "Buffer", "global", "require", "module", "__dirname", "__filename", "setImmediate", "clearImmediate"];

/** What the check found for one target. */
export interface LoadReport {
  specifier: string;
  ok: boolean;
  /** Exported names seen at run time. */
  exports: string[];
  /** Node globals touched during the import. */
  touched: string[];
  /** The files of the bundle (relative to the repository), to show what was pulled in. */
  inputs: string[];
  /** The bundle's size in bytes (not minified). */
  bytes: number;
  /** For `program: "run"`: what the program printed, and the host class the loop chose. */
  program?: { result: unknown; host: string };
  error?: string;
}

/** The page script: trap the Node globals, import the bundle, run the program. */
function pageScript(bundleUrl: string, target: LoadTarget): string {
  return `
const touched = new Set();
const names = ${JSON.stringify(NODE_GLOBALS)};
for (const name of names) {
  Object.defineProperty(globalThis, name, { configurable: true, get() { touched.add(name); return undefined; } });
}
const report = { exports: [], touched: [], program: undefined, error: undefined };
try {
  const m = await import(${JSON.stringify(bundleUrl)});
  for (const name of names) delete globalThis[name];
  report.touched = [...touched];
  report.exports = Object.keys(m).sort();
  if (${JSON.stringify(target.program === "run")}) {
    const { run, EventLoop } = m;
    const sleep = m.sleep ?? ((s) => new Promise((r) => setTimeout(r, s * 1000)));
    const loop = new EventLoop();
    const host = loop._host.constructor.name;
    loop.close();
    const result = await run(async () => {
      const t0 = performance.now();
      await sleep(0.01);
      return { slept: performance.now() - t0 >= 9 };
    });
    report.program = { result, host };
  }
} catch (error) {
  report.error = String(error && error.stack || error);
} finally {
  for (const name of names) delete globalThis[name];
}
window.__load = report;
`;
}

/** Bundles and loads every target; one Chromium for all of them. */
export async function checkLoads(targets: readonly LoadTarget[] = LOAD_TARGETS, chromium?: Chromium): Promise<LoadReport[]> {
  const server = await serve();
  const browser = chromium ?? (await launchChromium());
  const reports: LoadReport[] = [];
  try {
    for (const [i, target] of targets.entries()) {
      const base = { specifier: target.specifier, exports: [], touched: [], inputs: [], bytes: 0 };
      let js: string;
      let inputs: string[];
      try {
        const built = await bundleText(`export * from ${JSON.stringify(target.specifier)};`, { resolveDir: TOOL_DIR });
        js = built.js;
        inputs = Object.keys(built.metafile.inputs).map((f) => relative(REPO_ROOT, f.startsWith("/") ? f : `${TOOL_DIR}/${f}`));
      } catch (error) {
        reports.push({ ...base, ok: false, error: `bundle failed: ${(error as Error).message}` });
        continue;
      }
      server.put(`/b${i}.js`, js);
      server.put(`/p${i}.html`, `<!doctype html><meta charset="utf-8"><script type="module">${pageScript(`/b${i}.js`, target)}</script>`);
      const page = await browser.context.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      try {
        await page.goto(`${server.origin}/p${i}.html`);
        await page.waitForFunction(() => (globalThis as { __load?: unknown }).__load !== undefined, undefined, { timeout: 30_000 });
        const got = (await page.evaluate(() => (globalThis as unknown as { __load: Omit<LoadReport, "specifier" | "ok" | "inputs" | "bytes"> }).__load));
        const problems: string[] = [];
        if (got.error) problems.push(got.error);
        if (pageErrors.length > 0) problems.push(...pageErrors);
        if (got.touched.length > 0) problems.push(`touched Node globals while loading: ${got.touched.join(", ")}`);
        if (got.exports.length === 0) problems.push("the module exports nothing at run time");
        if (target.program === "run") {
          const result = got.program?.result as { slept?: boolean } | undefined;
          if (got.program?.host !== "MessageChannelHost") problems.push(`the loop chose ${got.program?.host ?? "no host"}, not MessageChannelHost`);
          if (result?.slept !== true) problems.push(`run() on the page gave ${JSON.stringify(got.program?.result)}`);
        }
        const inputsNodeOnly = inputs.filter((f) => /async-context\.js$|default-workers\.js|thread-worker|process-worker/.test(f));
        if (inputsNodeOnly.length > 0) problems.push(`Node-only modules in the bundle: ${inputsNodeOnly.join(", ")}`);
        reports.push({
          ...base,
          ...got,
          inputs,
          bytes: js.length,
          ok: problems.length === 0,
          ...(problems.length > 0 ? { error: problems.join("\n") } : {}),
        });
      } finally {
        await page.close();
      }
    }
  } finally {
    if (chromium === undefined) await browser.close();
    await server.close();
  }
  return reports;
}

// CLI: print one line per target, exit 1 if any failed.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const reports = await checkLoads();
  for (const r of reports) {
    const what = r.ok ? "ok  " : "FAIL";
    const extra = r.program ? ` run() → ${JSON.stringify(r.program.result)} on ${r.program.host}` : "";
    console.log(`${what} ${r.specifier}: ${r.exports.length} exports, ${r.inputs.length} modules, ${(r.bytes / 1024).toFixed(1)} KiB${extra}`);
    if (!r.ok) console.log(`     ${r.error?.split("\n").join("\n     ")}`);
  }
  process.exitCode = reports.every((r) => r.ok) ? 0 : 1;
}
