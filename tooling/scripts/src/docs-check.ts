// `pnpm docs:check`: fails when the committed documentation is out of date.
//   1. docs/api equals what `pnpm docs:api` would write now (built packages, fresh doc models),
//      and every name each package's API report (etc/*.api.md) exports has its own page there,
//      linked from the package's page (api-pages.ts: a missing or shadowed page fails);
//   2. every code block of docs/guide (and the example in packages/asyncio/README.md) equals its
//      example file, and every example is shown
//      (`pnpm docs:guide` fixes both);
//   3. the guide's examples type-check (docs/guide/examples/tsconfig.json).
// The examples are run, and their output compared, by packages/asyncio/test/guide-examples.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { checkApiPages } from "./api-pages.js";
import { API_DOCS_DIR, REPO_ROOT, apiReport, buildAll, publishedPackages, renderApiDocs, reportFailures } from "./docs-api.js";
import { EXAMPLES_DIR, checkGuide } from "./docs-guide.js";

/** Every file under `dir`, as paths relative to it, sorted. */
function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path)];
    });
}

/** The differences between two folders: files only in one, and files whose bytes differ. */
export function compareFolders(expected: string, actual: string): string[] {
  const want = listFiles(expected);
  const have = new Set(listFiles(actual));
  const problems: string[] = [];
  for (const file of want) {
    if (!have.has(file)) problems.push(`missing ${file}`);
    else if (!readFileSync(join(expected, file)).equals(readFileSync(join(actual, file)))) problems.push(`stale ${file}`);
    have.delete(file);
  }
  for (const file of have) problems.push(`unexpected ${file}`);
  return problems;
}

function checkApiDocs(): number {
  console.log("docs:check: API reference (docs/api)");
  const fresh = mkdtempSync(join(tmpdir(), "aio-docs-check-"));
  try {
    const failures = renderApiDocs(join(fresh, "api"));
    let code = reportFailures("docs:check", failures);
    const pages = checkApiPages(join(fresh, "api"), apiReports());
    for (const line of pages) console.error(`  docs/api: ${line}`);
    if (pages.length > 0) {
      console.error(`docs:check: ${pages.length} exported name(s) without a page of their own in docs/api`);
      code = 1;
    }
    const problems = compareFolders(join(fresh, "api"), API_DOCS_DIR);
    for (const line of problems.slice(0, 20)) console.error(`  docs/api: ${line}`);
    if (problems.length > 20) console.error(`  … and ${problems.length - 20} more`);
    if (problems.length > 0) {
      console.error(`docs:check: docs/api is out of date (${problems.length} file(s)); run pnpm docs:api`);
      code = 1;
    }
    return code;
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** Every published package with the text of its committed API report (etc/<name>.api.md). */
function apiReports(): { name: string; report: string | null }[] {
  return publishedPackages().map((pkg) => ({ name: pkg.name, report: apiReport(pkg) }));
}

function checkGuidePages(): number {
  console.log("docs:check: guide (docs/guide)");
  const problems = checkGuide();
  for (const p of problems) console.error(`  ${p.where}: ${p.message}`);
  if (problems.length > 0) console.error("docs:check: the guide is out of sync with its examples; run pnpm docs:guide");
  return problems.length > 0 ? 1 : 0;
}

function typecheckExamples(): number {
  console.log("docs:check: type-checking docs/guide/examples");
  const tsc = join(REPO_ROOT, "node_modules", ".bin", "tsc");
  const result = spawnSync(tsc, ["-p", join(EXAMPLES_DIR, "tsconfig.json")], { cwd: REPO_ROOT, stdio: "inherit" });
  return result.status === 0 ? 0 : 1;
}

function main(): number {
  buildAll();
  const codes = [checkApiDocs(), checkGuidePages(), typecheckExamples()];
  const failed = codes.filter((c) => c !== 0).length;
  console.log(failed === 0 ? "docs:check: up to date" : `docs:check: ${failed} check(s) failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
