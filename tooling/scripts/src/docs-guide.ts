// Keeps the guide's code blocks and the example files they show the same.
//
// In docs/guide/*.md a code block is never written by hand: a marker names an example file,
//
//   <!-- example: examples/01-coroutines/hello.ts -->
//   ```ts
//   …the file's text, filled in by this script…
//   ```
//   <!-- /example -->
//
// and `pnpm docs:guide` rewrites what is between the markers from the file (path relative to the
// Markdown file). The same markers work in a few other pages (OTHER_PAGES, e.g. the umbrella
// package's README), where hand-written blocks are allowed as well. `checkGuide()` (run by `pnpm docs:check` and by the guide test) reports a
// block that differs from its file, a marker whose file is missing, a fenced block outside any
// marker, and an example file that no chapter shows. The example files themselves are
// type-checked and run by packages/asyncio/test/guide-examples.test.ts.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const GUIDE_DIR = join(REPO_ROOT, "docs", "guide");
export const EXAMPLES_DIR = join(GUIDE_DIR, "examples");

/** Pages outside docs/guide whose example markers are kept in sync too. */
export const OTHER_PAGES = [join(REPO_ROOT, "packages", "asyncio", "README.md")];

const MARKER = /<!-- example: (\S+) -->\n(?:[\s\S]*?\n)??<!-- \/example -->/g;
const LANGUAGES: Readonly<Record<string, string>> = { ".ts": "ts", ".js": "js", ".mjs": "js", ".json": "json", ".sh": "sh" };

/** The Markdown files of the guide (top level of docs/guide), sorted. */
export function guidePages(dir = GUIDE_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => join(dir, name));
}

/** Every example program under `dir` (recursively): the .ts files other than declaration files. */
export function exampleFiles(dir = EXAMPLES_DIR): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...exampleFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** The fenced block a marker stands for. */
export function renderBlock(examplePath: string, source: string): string {
  const language = LANGUAGES[extname(examplePath)] ?? "";
  const body = source.endsWith("\n") ? source : `${source}\n`;
  return `\`\`\`${language}\n${body}\`\`\``;
}

/** The page with every marker's block refilled from its file; `missing` lists files not found. */
export function fillPage(page: string, text: string): { text: string; used: string[]; missing: string[] } {
  const used: string[] = [];
  const missing: string[] = [];
  const filled = text.replace(MARKER, (whole, path: string) => {
    const file = resolve(dirname(page), path);
    if (!existsSync(file)) {
      missing.push(path);
      return whole;
    }
    used.push(file);
    return `<!-- example: ${path} -->\n${renderBlock(file, readFileSync(file, "utf8"))}\n<!-- /example -->`;
  });
  return { text: filled, used, missing };
}

/** Line numbers (1-based) of code fences that are not inside an example marker. */
export function strayFences(text: string): number[] {
  const blanked = text.replace(MARKER, (whole) => whole.replace(/[^\n]/g, ""));
  return blanked
    .split("\n")
    .flatMap((line, i) => (/^\s*(```|~~~)/.test(line) ? [i + 1] : []));
}

/** One thing out of sync, relative to the repo root. */
export interface GuideProblem {
  where: string;
  message: string;
}

/** Everything that is out of sync between the guide's pages and its examples. */
export function checkGuide(
  dir = GUIDE_DIR,
  examplesDir = join(dir, "examples"),
  otherPages: readonly string[] = dir === GUIDE_DIR ? OTHER_PAGES : [],
): GuideProblem[] {
  const problems: GuideProblem[] = [];
  const shown = new Set<string>();
  const guide = new Set(guidePages(dir));
  for (const page of [...guide, ...otherPages.filter((p) => existsSync(p))]) {
    const where = relative(REPO_ROOT, page);
    const text = readFileSync(page, "utf8");
    const { text: filled, used, missing } = fillPage(page, text);
    for (const file of used) shown.add(file);
    for (const path of missing) problems.push({ where, message: `example ${path} does not exist` });
    if (filled !== text) problems.push({ where, message: "a code block differs from its example file (run pnpm docs:guide)" });
    for (const line of guide.has(page) ? strayFences(text) : []) {
      problems.push({ where: `${where}:${line}`, message: "code block outside an <!-- example: … --> marker" });
    }
  }
  for (const file of exampleFiles(examplesDir)) {
    if (!shown.has(file)) problems.push({ where: relative(REPO_ROOT, file), message: "no guide page shows this example" });
  }
  return problems;
}

/** Refills every page; returns the pages that changed. */
export function writeGuide(dir = GUIDE_DIR, otherPages: readonly string[] = dir === GUIDE_DIR ? OTHER_PAGES : []): string[] {
  const changed: string[] = [];
  for (const page of [...guidePages(dir), ...otherPages.filter((p) => existsSync(p))]) {
    const text = readFileSync(page, "utf8");
    const { text: filled, missing } = fillPage(page, text);
    for (const path of missing) console.error(`${relative(REPO_ROOT, page)}: example ${path} does not exist`);
    if (filled !== text) {
      writeFileSync(page, filled);
      changed.push(page);
    }
  }
  return changed;
}

function main(): number {
  if (process.argv.includes("--check")) {
    const problems = checkGuide();
    for (const p of problems) console.error(`${p.where}: ${p.message}`);
    console.log(`docs:guide: ${problems.length === 0 ? "in sync" : `${problems.length} problem(s)`}`);
    return problems.length === 0 ? 0 : 1;
  }
  const changed = writeGuide();
  for (const page of changed) console.log(`updated ${relative(REPO_ROOT, page)}`);
  const problems = checkGuide();
  for (const p of problems) console.error(`${p.where}: ${p.message}`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
