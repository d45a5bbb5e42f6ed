// The packages used as a newcomer outside this repository would use them: `pnpm pack:local <dir>`,
// then, in a fresh npm project in the system's temp folder, `npm init -y`,
// `npm pkg set type=module` and `npm install <dir>/*.tgz`, and TypeScript programs run with tsx:
// the guide's first program (read from the guide at test time) and executor jobs written in
// TypeScript. Also checks that the shipped source maps carry their sources (sourcesContent).
//
// Needs npm (skipped, saying so, without it). The tarballs' third-party dependencies (the
// executor's parser) come from npm's cache when it has them, else from the registry. tsx is the
// repository's own copy, run with the project as its working directory, as `npx tsx` would be.
// About 15–30 s.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUIDE_DIR } from "../src/docs-guide.js";
import { REPO_ROOT, readPackedManifest, tarballProblems } from "../src/pack.js";

const npmVersion = spawnSync("npm", ["--version"], { encoding: "utf8", shell: process.platform === "win32" });
const NO_NPM = npmVersion.status !== 0 ? "SKIPPED: npm is not on PATH, so no project can be installed" : "";

const scratch = mkdtempSync(join(tmpdir(), "aio-pack-local-"));
const tarballDir = join(scratch, "tarballs");
const project = join(scratch, "my-app");
const TSX_CLI = createRequire(import.meta.url).resolve("tsx/cli");
// Each program takes 2–5 s on an idle machine; `pnpm test` runs on a busy one.
const SLOW = 180_000;

/** The outcome of a command: its exit code and both outputs. */
interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

// What pnpm, vitest and tsx put in this process's environment: a user's shell has none of it (NODE_PATH
// would even let the programs find packages in this repository). npm settings that say how to
// reach the registry stay.
const INHERITED = /^(?:VITEST|TEST$|TSX_|PNPM_|pnpm_|INIT_CWD$|NODE_PATH$|NODE_OPTIONS$|npm_(?!config_(?:registry|cafile|ca|proxy|https?_proxy|noproxy|strict_ssl)$))/i;

/** Runs a command in a user's environment (this one's less what pnpm, vitest and tsx added). */
function sh(command: string, args: readonly string[], cwd: string, timeout = SLOW): Ran {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED.test(k)));
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(ran: Ran, what: string): string {
  if (ran.status !== 0) throw new Error(`${what} exited ${ran.status}:\n${ran.stdout}\n${ran.stderr}`);
  return ran.stdout;
}

/** `npx tsx <file>` in the project, with the repository's tsx. */
function tsx(file: string): Ran {
  return sh(process.execPath, [TSX_CLI, file], project, SLOW);
}

/** The lines of the `// Output:` comment that closes a guide example. */
function expectedOutput(source: string): string[] {
  const lines = source.trimEnd().split("\n");
  const start = lines.lastIndexOf("// Output:");
  if (start < 0) throw new Error("the example has no // Output: block");
  return lines.slice(start + 1).map((line) => line.replace(/^\/\/ ?/, ""));
}

/** The guide's first program: the first example shown in docs/guide/README.md. */
function firstGuideExample(): string {
  const readme = readFileSync(join(GUIDE_DIR, "README.md"), "utf8");
  const marker = /<!-- example: (\S+) -->/.exec(readme);
  if (!marker) throw new Error("docs/guide/README.md shows no example");
  return join(GUIDE_DIR, marker[1]!);
}

const lines = (text: string): string[] => text.trimEnd().split("\n");

beforeAll(() => {
  if (NO_NPM) return;
  // The documented command, typed in the scratch folder with a relative <dir>.
  ok(sh("pnpm", ["--silent", "--dir", REPO_ROOT, "pack:local", relative(scratch, tarballDir)], scratch, 180_000), "pnpm pack:local");
  mkdirSync(project);
  ok(sh("npm", ["init", "-y"], project), "npm init -y");
  ok(sh("npm", ["pkg", "set", "type=module"], project), "npm pkg set type=module");
  const install = ["install", "--no-audit", "--no-fund", "--prefer-offline"];
  ok(
    process.platform === "win32"
      ? sh("npm", [...install, ...readdirSync(tarballDir).map((f) => join(tarballDir, f))], project, 180_000)
      : sh("sh", ["-c", `npm ${install.join(" ")} "$0"/*.tgz`, tarballDir], project, 180_000),
    "npm install <dir>/*.tgz",
  );
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(NO_NPM !== "")(`pnpm pack:local, then npm install <dir>/*.tgz in a new project${NO_NPM ? ` (${NO_NPM})` : ""}`, () => {
  const tarballs = (): string[] => readdirSync(tarballDir).filter((f) => f.endsWith(".tgz")).sort();

  it("writes one tarball per published package, with workspace: ranges rewritten to versions", () => {
    const published = readdirSync(join(REPO_ROOT, "packages"))
      .filter((d) => existsSync(join(REPO_ROOT, "packages", d, "package.json")))
      .map((d) => JSON.parse(readFileSync(join(REPO_ROOT, "packages", d, "package.json"), "utf8")) as { name: string; private?: boolean })
      .filter((m) => m.private !== true)
      .map((m) => m.name)
      .sort();
    const names = tarballs().map((f) => readPackedManifest(join(tarballDir, f)).name).sort();
    expect(names).toEqual(published);
    for (const f of tarballs()) {
      const manifest = readPackedManifest(join(tarballDir, f));
      const problems = tarballProblems({ name: manifest.name, version: "", filename: f, files: listTarball(join(tarballDir, f)) }, manifest);
      expect(problems, f).toEqual([]);
    }
  });

  it("installs every package into the project as a dependency", () => {
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as {
      type?: string;
      dependencies?: Record<string, string>;
    };
    expect(manifest.type).toBe("module");
    const names = tarballs().map((f) => readPackedManifest(join(tarballDir, f)).name);
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual([...names].sort());
    for (const name of names) expect(existsSync(join(project, "node_modules", name, "package.json")), name).toBe(true);
  });

  it("ships source maps that carry the TypeScript they map to (sourcesContent)", () => {
    let maps = 0;
    for (const f of tarballs()) {
      const tarball = join(tarballDir, f);
      const { name } = readPackedManifest(tarball);
      const pkgDir = join(REPO_ROOT, "packages", name.replace(/^@aio\//, ""));
      for (const path of listTarball(tarball).filter((p) => p.endsWith(".js.map"))) {
        const map = JSON.parse(tarFile(tarball, path)) as { sources: string[]; sourcesContent?: (string | null)[] };
        expect(map.sourcesContent?.length, `${name}/${path}`).toBe(map.sources.length);
        map.sources.forEach((source, i) => {
          const original = join(pkgDir, dirname(path), source);
          expect(map.sourcesContent![i], `${name}/${path} → ${source}`).toBe(readFileSync(original, "utf8"));
        });
        maps += 1;
      }
    }
    expect(maps).toBeGreaterThan(0);
  });

  it("runs the guide's first program with tsx, printing what its Output comment says", () => {
    const example = firstGuideExample();
    const source = readFileSync(example, "utf8");
    writeFileSync(join(project, basename(example)), source);
    const ran = tsx(basename(example));
    expect(ran.stderr).toBe("");
    expect(lines(ran.stdout)).toEqual(expectedOutput(source));
  }, SLOW);

  it("runs TypeScript functions as jobs on a ThreadPoolExecutor and a ProcessPoolExecutor", () => {
    writeFileSync(
      join(project, "functions.ts"),
      `import { getRunningLoop, ProcessPoolExecutor, run, ThreadPoolExecutor } from "@aio/asyncio";

interface Point {
  x: number;
  y: number;
}

function cube(n: number): number {
  const squared: number = n * n;
  return squared * n;
}

await run(async () => {
  await using threads = new ThreadPoolExecutor({ maxWorkers: 1 });
  await using processes = new ProcessPoolExecutor({ maxWorkers: 1 });
  console.log("thread", await getRunningLoop().runInExecutor(threads, cube, 3));
  console.log("process", await processes.submit(cube, 4));
  console.log("arrow", await processes.submit((p: Point): number => p.x * p.y, { x: 6, y: 7 }));
});
`,
    );
    const ran = tsx("functions.ts");
    expect(ran.stderr).toBe("");
    expect(lines(ran.stdout)).toEqual(["thread 27", "process 64", "arrow 42"]);
  }, SLOW);

  for (const kind of ["ProcessPoolExecutor", "ThreadPoolExecutor"] as const) {
    it(`runs a fromModule job of a .ts file on a ${kind}`, () => {
      writeFileSync(
        join(project, "jobs.ts"),
        `export interface Box {
  n: number;
}

export function square({ n }: Box): number {
  return n * n;
}
`,
      );
      const file = `modules-${kind}.ts`;
      writeFileSync(
        join(project, file),
        `import { fromModule, ${kind}, run } from "@aio/asyncio";
import type { Box } from "./jobs.js";

const square = fromModule<(box: Box) => number>(new URL("./jobs.ts", import.meta.url), "square");

await run(async () => {
  await using pool = new ${kind}({ maxWorkers: 1 });
  console.log("square", await pool.submit(square, { n: 5 }));
});
`,
      );
      const ran = tsx(file);
      expect(ran.stderr).toBe("");
      expect(lines(ran.stdout)).toEqual(["square 25"]);
    }, SLOW);
  }
});

/** The paths inside a tarball, without the `package/` prefix. */
function listTarball(tarball: string): string[] {
  const result = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tar -t ${tarball}: ${result.stderr}`);
  return lines(result.stdout).map((p) => p.replace(/^package\//, "")).filter((p) => p !== "" && !p.endsWith("/")).sort();
}

function tarFile(tarball: string, path: string): string {
  const result = spawnSync("tar", ["-xzOf", tarball, `package/${path}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`tar -x ${tarball} ${path}: ${result.stderr}`);
  return result.stdout;
}
