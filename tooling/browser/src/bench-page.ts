// Browser rows of the benchmark suite (tooling/bench, workloads *-chromium): a page module that
// exports `run(n) → seconds` is bundled from the built packages (as an app would ship it), loaded
// in a fresh headless Chromium, warmed up like every bench script (three runs at a tenth of the
// size, one in --quick mode), garbage-collected, and measured once. The Node script that called
// this prints the result line.
import { fileURLToPath } from "node:url";
import { bundleText } from "./bundle.js";
import { launchChromium } from "./chromium.js";
import { TOOL_DIR } from "./paths.js";
import { serve } from "./server.js";

/** Runs `pageModule`'s `run(n)` in Chromium after the warm-up; resolves to its measured seconds. */
export async function runPageBench(pageModule: string | URL, n: number, options: { quick?: boolean; timeoutMs?: number } = {}): Promise<number> {
  const file = pageModule instanceof URL ? fileURLToPath(pageModule) : pageModule;
  const warmups = options.quick === true ? 1 : 3;
  const warmupN = Math.max(1000, Math.floor(n / 10));
  const entry = `
import { run } from ${JSON.stringify(file)};
const collect = () => { if (typeof globalThis.gc === "function") { globalThis.gc(); globalThis.gc(); } };
try {
  for (let i = 0; i < ${warmups}; i++) await run(${warmupN});
  collect();
  // A macrotask between the warm-up and the measured run, as a fresh Node script would have.
  await new Promise((r) => setTimeout(r, 0));
  window.__bench = { seconds: await run(${n}) };
} catch (error) {
  window.__bench = { error: String(error && error.stack || error) };
}
`;
  const { js } = await bundleText(entry, { resolveDir: TOOL_DIR, minify: false });
  const server = await serve(new Map([["/bench.js", js], ["/", `<!doctype html><meta charset="utf-8"><script type="module" src="/bench.js"></script>`]]));
  const chromium = await launchChromium({ extraArgs: ["--js-flags=--expose-gc"] });
  try {
    const page = await chromium.context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => (globalThis as { __bench?: unknown }).__bench !== undefined, undefined, {
      timeout: options.timeoutMs ?? 240_000,
      polling: 50,
    });
    const result = (await page.evaluate(() => (globalThis as unknown as { __bench: { seconds?: number; error?: string } }).__bench));
    if (result.error !== undefined || typeof result.seconds !== "number") throw new Error(`the page failed: ${result.error ?? "no result"}`);
    return result.seconds;
  } finally {
    await chromium.close();
    await server.close();
  }
}
