// Debian's Chromium, driven by playwright-core: found on PATH when the tests run (no browser is
// ever downloaded), launched headless with a fresh profile that is deleted on close.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** The flags every launch uses: no GPU, no network chatter of its own, nothing from a user profile. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The path of the `chromium` (or `chromium-browser`) executable on PATH, or a clear error. */
export function findChromium(): string {
  for (const name of ["chromium", "chromium-browser"]) {
    const found = spawnSync("which", [name], { encoding: "utf8" });
    const path = found.status === 0 ? found.stdout.trim().split("\n")[0] : "";
    if (path) return path;
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  throw new Error(
    "Chromium is not installed: the browser tests need Debian's chromium on PATH. " +
      (root ? "Install it with: apt-get install -y chromium" : "Ask an administrator (root) to run: apt-get install -y chromium") +
      " (pnpm test installs it when run as root).",
  );
}

/** A running Chromium: its browser context, and `close()`, which also deletes the profile. */
export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile directory (`extraArgs`: more flags, e.g. `--js-flags=--expose-gc`). */
export async function launchChromium(options: { extraArgs?: readonly string[] } = {}): Promise<Chromium> {
  const executablePath = findChromium();
  const profile = mkdtempSync(join(tmpdir(), "aio-chromium-"));
  let context: BrowserContext;
  try {
    // launchPersistentContext is how playwright takes a --user-data-dir of our choosing.
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...(options.extraArgs ?? [])],
      viewport: { width: 1000, height: 800 },
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
