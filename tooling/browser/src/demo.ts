// The demo page, built with Vite (demo/vite.config.ts) and loaded in Chromium: used by
// test/demo.test.ts, and by `pnpm --filter @aio/tooling-browser demo:check` to look at it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "vite";
import { launchChromium } from "./chromium.js";
import { TOOL_DIR } from "./paths.js";
import { serve } from "./server.js";

/** What the page showed once it said "done" (or failed). */
export interface DemoRun {
  status: string;
  log: string;
  note: string;
  /** The rows of the workers table: [worker, strips, prime jobs, primes]. */
  workers: string[][];
  /** Distinct colours in a sample of the canvas (a blank canvas has 1). */
  canvasColours: number;
  /** The screenshot of the whole page (PNG). */
  screenshot: Buffer;
  /** Uncaught page errors and console errors. */
  errors: string[];
}

/** Reads the page's output, its workers table and how many colours the canvas has. */
const READ_PAGE = `(() => {
  const text = (id) => document.getElementById(id)?.textContent ?? "";
  const canvas = document.getElementById("mandelbrot");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  const workers = [...document.querySelectorAll("#workers tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""));
  return { status: text("status"), log: text("log"), note: text("mandelbrot-note"), workers, canvasColours: colours.size };
})()`;

/** Builds the demo into a temporary folder; returns it (delete it when done). */
export async function buildDemo(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "aio-demo-"));
  await build({ configFile: join(TOOL_DIR, "demo/vite.config.ts"), build: { outDir, emptyOutDir: true }, logLevel: "error" });
  return outDir;
}

/** Builds the demo, serves it on 127.0.0.1, loads it in Chromium and reads the page. */
export async function runDemo(timeoutMs = 60_000): Promise<DemoRun> {
  const outDir = await buildDemo();
  const server = await serve(new Map(), [outDir]);
  const chromium = await launchChromium();
  try {
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console.error: ${m.text()}`);
    });
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => /^(done|failed)/.test(document.getElementById("status")?.textContent ?? ""), undefined, {
      timeout: timeoutMs,
      polling: 100,
    });
    // A string, not a function: tsx would add its __name helper to a function's source.
    const read = (await page.evaluate(READ_PAGE)) as Omit<DemoRun, "screenshot" | "errors">;
    const screenshot = await page.screenshot({ fullPage: true });
    return { ...read, screenshot, errors };
  } finally {
    await chromium.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

// CLI: run the demo once, print what the page shows, save the screenshot where asked.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const demo = await runDemo();
  console.log(`status: ${demo.status}\n\n${demo.log}\n${demo.note}`);
  for (const row of demo.workers) console.log(`  ${row.join("  ")}`);
  if (demo.errors.length > 0) console.log(`errors:\n${demo.errors.join("\n")}`);
  const out = process.argv[2];
  if (out) {
    writeFileSync(out, demo.screenshot);
    console.log(`screenshot: ${out} (${demo.screenshot.length} bytes)`);
  }
  process.exitCode = demo.status === "done" && demo.errors.length === 0 ? 0 : 1;
}
