// Where things are, from this file: nothing machine-specific is written down.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** tooling/browser */
export const TOOL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The repository root. */
export const REPO_ROOT = resolve(TOOL_DIR, "../..");
/** packages/ */
export const PACKAGES_DIR = join(REPO_ROOT, "packages");
/** Build output of this package (gitignored: dist/). */
export const OUT_DIR = join(TOOL_DIR, "dist");
