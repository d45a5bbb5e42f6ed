// Runs test files inside Chromium pages: each file is bundled from the sources with the page
// harness (one bundle and one fresh page per file, so module state is per file, as in vitest),
// served from 127.0.0.1, and its outcomes read back from `window.__aio`.
import { join, relative, resolve } from "node:path";
import { bundleText } from "./bundle.js";
import { launchChromium, type Chromium } from "./chromium.js";
import type { PageResult } from "./harness/runner.js";
import { REPO_ROOT, TOOL_DIR } from "./paths.js";
import { serve, type StaticServer } from "./server.js";

export type { PageResult };

/** The outcomes of one test file run on a page. */
export interface FileRun {
  /** The file, relative to the repository root. */
  file: string;
  results: PageResult[];
  /** What the page printed to its console with console.error, and uncaught page errors. */
  errors: string[];
}

/** A browser and a server kept for several runs (one per vitest file). */
export interface PageSession {
  chromium: Chromium;
  server: StaticServer;
  close(): Promise<void>;
}

/** Launches Chromium and a server; `extraRoots` are served as directories (module files for jobs). */
export async function openSession(extraRoots: string[] = []): Promise<PageSession> {
  const server = await serve(new Map(), extraRoots);
  let chromium: Chromium;
  try {
    chromium = await launchChromium();
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    chromium,
    server,
    async close() {
      await chromium.close();
      await server.close();
    },
  };
}

/** The generated entry of one test file's bundle. */
function entryFor(file: string, skip: Readonly<Record<string, string>>): string {
  const runner = JSON.stringify(join(TOOL_DIR, "src/harness/runner.ts"));
  const name = JSON.stringify(relative(REPO_ROOT, file));
  return [
    `import { beginFile, loadFailed, runAll, skipTests } from ${runner};`,
    `skipTests(${JSON.stringify(skip)});`,
    `beginFile(${name});`,
    `try { await import(${JSON.stringify(file)}); } catch (error) { loadFailed(${name}, error); }`,
    `await runAll();`,
  ].join("\n");
}

let pageNumber = 0;

/**
 * Bundles, serves and runs one test file on a fresh page of `session`. `skip` maps full test names
 * (`describe > it`) to the reason they cannot run in a browser; they are reported as skipped.
 */
export async function runFile(
  session: PageSession,
  file: string,
  options: { skip?: Readonly<Record<string, string>>; timeoutMs?: number; assets?: Readonly<Record<string, string>> } = {},
): Promise<FileRun> {
  const timeoutMs = options.timeoutMs ?? 180_000;
  file = resolve(file);
  const name = relative(REPO_ROOT, file);
  for (const [path, body] of Object.entries(options.assets ?? {})) session.server.put(path, body);
  const { js } = await bundleText(entryFor(file, options.skip ?? {}), { resolveDir: TOOL_DIR, sources: true, sourcemap: true });
  const id = ++pageNumber;
  session.server.put(`/t${id}.js`, js);
  session.server.put(`/t${id}.html`, `<!doctype html><meta charset="utf-8"><title>${name}</title><script type="module" src="/t${id}.js"></script>`);
  const page = await session.chromium.context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  try {
    await page.goto(`${session.server.origin}/t${id}.html`);
    await page.waitForFunction(() => (globalThis as { __aio?: { done: boolean } }).__aio?.done === true, undefined, {
      timeout: timeoutMs,
      polling: 100,
    });
    const results = await page.evaluate(() => (globalThis as unknown as { __aio: { results: PageResult[] } }).__aio.results);
    return { file: name, results, errors };
  } catch (error) {
    // Whatever ran before the timeout, and why it stopped.
    const partial = await page
      .evaluate(() => (globalThis as unknown as { __aio?: { results: PageResult[] } }).__aio?.results ?? [])
      .catch(() => [] as PageResult[]);
    const reason = `${(error as Error).message}${errors.length > 0 ? `\n${errors.join("\n")}` : ""}`;
    return { file: name, results: [...partial, { file: name, name: "(page)", state: "fail", error: reason, ms: 0 }], errors };
  } finally {
    await page.close();
  }
}

/** Bundles a module from the sources (as the tests see them) for a page or a worker to import. */
export async function bundleModule(file: string): Promise<string> {
  const { js } = await bundleText(`import ${JSON.stringify(file)};\nexport * from ${JSON.stringify(file)};`, { resolveDir: TOOL_DIR, sources: true, keepSideEffects: true });
  return js;
}
