// `pnpm check:release`: is every published package ready to publish?
//   1. builds everything (tsc -b, incremental);
//   2. packs each non-private package under packages/ the way `pnpm publish` does;
//   3. per tarball: only dist/**, README.md, LICENSE and package.json inside, every export target
//      present, no `workspace:` range left (pack.ts); publint in strict mode (warnings fail);
//      @arethetypeswrong/cli on the tarball;
//   4. `pnpm -r publish --dry-run --no-git-checks` on packages/*: every package must be reported
//      as published (`+ @aio/x@version`). pnpm asks the npm registry which versions exist, so this
//      step needs the registry; `--offline` (or AIO_RELEASE_OFFLINE=1) skips it.
//
// attw runs with `--ignore-rules cjs-resolves-to-esm`: the packages are ESM-only on purpose
// (Node >= 20.10 loads them with `import`, and a CommonJS caller can use `await import()`), so
// "a require() of this package resolves to ESM" is the design, not a packaging mistake. Every other
// rule, for every resolution mode (node10, node16 from CJS and ESM, bundler), still applies, except
// to `./internal` subpaths (`@aio/executor/internal`): they are for other @aio packages, which
// resolve them through `exports`; node10 resolution, which has no `exports`, cannot see them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAll } from "./docs-api.js";
import { REPO_ROOT, packPublished, readPackedManifest, tarballProblems } from "./pack.js";

const BIN = join(REPO_ROOT, "node_modules", ".bin");

/** Runs a checker; returns its output when it fails, null when it passes. */
function tool(command: string, args: string[]): string | null {
  const result = spawnSync(join(BIN, command), args, { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (result.error) return `${command}: ${result.error.message}`;
  return result.status === 0 ? null : `${result.stdout}${result.stderr}`.trim();
}

/** Runs the publish dry run; returns the `name@version`s it did not report as published. */
function publishDryRun(expected: readonly string[]): string[] {
  const result = spawnSync("pnpm", ["-r", "--filter", "./packages/*", "publish", "--dry-run", "--no-git-checks"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) {
    console.log(output.trim().split("\n").slice(-20).join("\n"));
    return [...expected];
  }
  const published = new Set([...output.matchAll(/^\+ (\S+)$/gm)].map((m) => m[1]));
  return expected.filter((id) => !published.has(id));
}

function main(): number {
  buildAll();
  const scratch = mkdtempSync(join(tmpdir(), "aio-release-check-"));
  let failed = 0;
  try {
    const packed = packPublished(scratch);
    for (const pkg of packed) {
      const problems = tarballProblems(pkg, readPackedManifest(pkg.filename)).map((p) => `tarball: ${p}`);
      const publint = tool("publint", ["run", pkg.filename, "--strict"]);
      if (publint) problems.push(`publint:\n${publint}`);
      const attw = tool("attw", [pkg.filename, "--ignore-rules", "cjs-resolves-to-esm", "--exclude-entrypoints", "./internal", "--format", "ascii", "--no-emoji"]);
      if (attw) problems.push(`attw:\n${attw}`);
      if (problems.length === 0) {
        console.log(`ok   ${pkg.name}@${pkg.version} (${pkg.files.length} files): tarball, publint, attw`);
      } else {
        failed += 1;
        console.log(`FAIL ${pkg.name}@${pkg.version}`);
        for (const p of problems) console.log(p.replace(/^/gm, "     "));
      }
    }
    if (process.argv.includes("--offline") || process.env["AIO_RELEASE_OFFLINE"] === "1") {
      console.log("skip publish --dry-run (offline)");
    } else {
      const missing = publishDryRun(packed.map((p) => `${p.name}@${p.version}`));
      if (missing.length === 0) console.log(`ok   pnpm -r publish --dry-run: all ${packed.length} packages`);
      else {
        failed += 1;
        console.log(`FAIL pnpm -r publish --dry-run did not publish: ${missing.join(", ")}`);
      }
    }
    console.log(`check:release: ${failed === 0 ? "ready" : `${failed} problem(s)`} (${packed.length} packages)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
