// Release readiness, on real tarballs: what `pnpm publish` would upload, what installing one
// package pulls in, and that changesets can version a clean copy of the repository.
// Slow by nature (a build check, `pnpm pack`, two `npm install`s, one `changeset version`): about
// 15 s in all. Nothing touches the network: installs are --offline with an empty cache.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type PackedPackage,
  REPO_ROOT,
  packPublished,
  readPackedManifest,
  tarballProblems,
} from "../../../tooling/scripts/src/pack.js";

const scratch = mkdtempSync(join(tmpdir(), "aio-release-test-"));
const tarballs = join(scratch, "tarballs");
let packed: PackedPackage[] = [];

beforeAll(() => {
  // Incremental: a no-op when turbo has just built everything (as `pnpm test` does).
  const build = spawnSync(join(REPO_ROOT, "node_modules/.bin/tsc"), ["-b", "tsconfig.json"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`tsc -b failed:\n${build.stdout}${build.stderr}`);
  mkdirSync(tarballs);
  packed = packPublished(tarballs);
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tarball(name: string): string {
  const found = packed.find((p) => p.name === name);
  if (!found) throw new Error(`${name} was not packed`);
  return found.filename;
}

/** Installs the given tarballs into a fresh folder, offline with an empty cache; returns the folder. */
function installInto(folder: string, names: readonly string[]): string {
  const dir = join(scratch, folder);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: folder, private: true, type: "module" }));
  const result = spawnSync(
    "npm",
    ["install", ...names.map(tarball), "--offline", "--no-audit", "--no-fund", "--cache", join(scratch, `${folder}-cache`)],
    { cwd: dir, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`npm install failed:\n${result.stdout}\n${result.stderr}`);
  return dir;
}

/** Every package folder under node_modules, scoped ones as `@scope/name`. */
function installedPackages(dir: string): string[] {
  const modules = join(dir, "node_modules");
  return readdirSync(modules)
    .filter((name) => !name.startsWith("."))
    .flatMap((name) => (name.startsWith("@") ? readdirSync(join(modules, name)).map((sub) => `${name}/${sub}`) : [name]))
    .sort();
}

function runModule(dir: string, source: string): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", source], { cwd: dir, encoding: "utf8" }).trim();
}

/** Every package folder of packages/ that is not private: what a release publishes. */
const PUBLISHED = readdirSync(join(REPO_ROOT, "packages"))
  .filter((dir) => existsSync(join(REPO_ROOT, "packages", dir, "package.json")))
  .filter((dir) => !(JSON.parse(readFileSync(join(REPO_ROOT, "packages", dir, "package.json"), "utf8")) as { private?: boolean }).private)
  .sort();

describe("pnpm pack of every published package", () => {
  it("packs every package of packages/, each once", () => {
    expect(PUBLISHED.length).toBeGreaterThanOrEqual(9);
    expect(packed.map((p) => p.name).sort()).toEqual(PUBLISHED.map((n) => `@aio/${n}`).sort());
  });

  for (const name of PUBLISHED) {
    it(`ships only dist/, README.md, LICENSE and package.json for @aio/${name}, with its entry points`, () => {
      const pkg = packed.find((p) => p.name === `@aio/${name}`)!;
      expect(tarballProblems(pkg, readPackedManifest(pkg.filename))).toEqual([]);
    });
  }
});

describe("installing only what you need", () => {
  it("installs @aio/future with nothing but @aio/core and @aio/contextvars, and they load", () => {
    const dir = installInto("future-only", ["@aio/core", "@aio/contextvars", "@aio/future"]);
    expect(installedPackages(dir)).toEqual(["@aio/contextvars", "@aio/core", "@aio/future"]);
    const out = runModule(
      dir,
      `import { Future } from "@aio/future"; import { isFuture } from "@aio/core";
       console.log(typeof Future, isFuture({}));`,
    );
    expect(out).toBe("function false");
  }, 60_000);

  it("installs @aio/loop without @aio/executor or any worker-pool library, and runs a program", () => {
    const dir = installInto("loop-only", ["@aio/core", "@aio/contextvars", "@aio/future", "@aio/task", "@aio/loop"]);
    const installed = installedPackages(dir);
    expect(installed).toEqual(["@aio/contextvars", "@aio/core", "@aio/future", "@aio/loop", "@aio/task"]);
    for (const pool of ["@aio/executor", "piscina", "tinypool", "workerpool", "threads"]) {
      expect(installed).not.toContain(pool);
    }
    const out = runModule(
      dir,
      `import { run, TestLoop } from "@aio/loop"; import { getRunningLoop } from "@aio/core";
       const answer = await run(function* () {
         const loop = getRunningLoop();
         const fut = loop.createFuture();
         loop.callLater(5, () => fut.setResult(loop.time()));
         return yield* fut;
       }, { loopFactory: () => new TestLoop() });
       console.log(answer);`,
    );
    expect(out).toBe("5");
  }, 60_000);
});

describe("changeset version on a clean copy of the repository", () => {
  it("bumps every package a changeset names, writes its CHANGELOG.md and consumes the changesets, leaving the repo alone", () => {
    const copy = join(scratch, "repo");
    mkdirSync(copy);
    // The committed tree only (works from shallow clones too); the tools come from this checkout.
    execFileSync("sh", ["-c", `git -C "${REPO_ROOT}" archive HEAD | tar -x -C "${copy}"`]);
    symlinkSync(join(REPO_ROOT, "node_modules"), join(copy, "node_modules"), "dir");
    const version = (dir: string, pkg: string) =>
      (JSON.parse(readFileSync(join(dir, "packages", pkg, "package.json"), "utf8")) as { version: string }).version;
    const watched = ["packages/core/package.json", "packages/core/CHANGELOG.md", ".changeset"];
    const realBefore = watched.map((f) => snapshot(join(REPO_ROOT, f)));

    // The pending changesets of HEAD, plus one of our own so there is always something to release.
    writeFileSync(
      join(copy, ".changeset", "release-test.md"),
      `---\n"@aio/core": patch\n---\n\nRelease test: \`getRunningLoop()\` is unchanged.\n`,
    );
    const named = new Set<string>();
    for (const file of readdirSync(join(copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md")) {
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(copy, ".changeset", file), "utf8"))?.[1] ?? "";
      for (const m of front.matchAll(/"@aio\/([a-z]+)"\s*:/g)) named.add(m[1]!);
    }
    const before = new Map([...named].map((pkg) => [pkg, version(copy, pkg)]));

    const result = spawnSync(join(REPO_ROOT, "node_modules/.bin/changeset"), ["version"], { cwd: copy, encoding: "utf8" });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);

    for (const [pkg, old] of before) {
      const now = version(copy, pkg);
      expect(compareVersions(now, old), `@aio/${pkg}: ${old} -> ${now}`).toBeGreaterThan(0);
      expect(readFileSync(join(copy, "packages", pkg, "CHANGELOG.md"), "utf8")).toContain(`## ${now}`);
    }
    expect(readFileSync(join(copy, "packages/core/CHANGELOG.md"), "utf8")).toContain(
      "Release test: `getRunningLoop()` is unchanged.",
    );
    expect(readdirSync(join(copy, ".changeset")).filter((f) => f.endsWith(".md"))).toEqual(["README.md"]);
    // The real checkout is untouched.
    expect(watched.map((f) => snapshot(join(REPO_ROOT, f)))).toEqual(realBefore);
  }, 60_000);
});

/** A file's text, a folder's listing, or null when it does not exist. */
function snapshot(path: string): string | string[] | null {
  if (!existsSync(path)) return null;
  try {
    return readdirSync(path).sort();
  } catch {
    return readFileSync(path, "utf8");
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
