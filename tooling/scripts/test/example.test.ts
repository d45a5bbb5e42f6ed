// `pnpm example <file>` for a program outside the repository: it runs in an ES module context, and
// in a CommonJS one (no package.json, or `npm init -y`'s "type": "commonjs") it fails with a
// message that says what to change. One program goes through the root script (`pnpm example`); the
// others run example.ts the same way minus pnpm. About 1–2 s per program on an idle machine.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { COMMONJS_ERROR, REPO_ROOT, commonJsHint, moduleContext, resolveProgram } from "../src/example.js";

const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "example.ts");
const TSX_CLI = createRequire(import.meta.url).resolve("tsx/cli");
// Generous: each program starts two tsx processes, and `pnpm test` runs on a busy machine.
const SLOW = 180_000;

const scratch = mkdtempSync(join(tmpdir(), "aio-example-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder under the scratch folder with these files. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

// Top-level await and an @aio import: what the guide's programs do.
const PROGRAM = `import { run, sleep } from "@aio/asyncio";

await run(async () => {
  await sleep(0.001);
  console.log("hello from", import.meta.url.endsWith(".mts") ? "mts" : "ts");
});
`;

/** `pnpm example <file>` typed in `cwd`, or (`viaPnpm` false) what that script runs, with pnpm's INIT_CWD. */
function example(file: string, cwd: string, viaPnpm = false) {
  const result = viaPnpm
    ? spawnSync("pnpm", ["--silent", "--dir", REPO_ROOT, "example", file], { cwd, encoding: "utf8", timeout: SLOW })
    : spawnSync(process.execPath, [TSX_CLI, EXAMPLE, file], { cwd: REPO_ROOT, env: { ...process.env, INIT_CWD: cwd }, encoding: "utf8", timeout: SLOW });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("moduleContext()", () => {
  it("reads the format from the extension, then from the nearest package.json", () => {
    const esm = folder("ctx-esm", { "package.json": '{ "type": "module" }' });
    const cjs = folder("ctx-cjs", { "package.json": '{ "name": "x", "type": "commonjs" }' });
    const untyped = folder("ctx-untyped", { "package.json": '{ "name": "x" }' });
    mkdirSync(join(esm, "deep", "er"), { recursive: true });
    expect(moduleContext(join(esm, "deep", "er", "a.ts"))).toEqual({
      format: "module",
      packageJson: join(esm, "package.json"),
      reason: `"type": "module" in ${join(esm, "package.json")}`,
    });
    expect(moduleContext(join(cjs, "a.ts"))).toMatchObject({ format: "commonjs", reason: `"type": "commonjs" in ${join(cjs, "package.json")}` });
    expect(moduleContext(join(untyped, "a.ts"))).toMatchObject({ format: "commonjs", reason: `no "type" field in ${join(untyped, "package.json")}` });
    expect(moduleContext(join(cjs, "a.mts"))).toEqual({ format: "module", packageJson: null, reason: "a .mts file" });
    expect(moduleContext(join(esm, "a.cts"))).toEqual({ format: "commonjs", packageJson: null, reason: "a .cts file" });
  });

  it("recognises the errors of ES module syntax compiled or loaded as CommonJS", () => {
    expect(COMMONJS_ERROR.test('ERROR: Top-level await is currently not supported with the "cjs" output format')).toBe(true);
    expect(COMMONJS_ERROR.test("code: 'ERR_REQUIRE_ASYNC_MODULE'")).toBe(true);
    expect(COMMONJS_ERROR.test("SyntaxError: Cannot use import statement outside a module")).toBe(true);
    expect(COMMONJS_ERROR.test("Error: boom")).toBe(false);
  });

  it("tells a package's owner to set its type, and a loose file's owner to add a package.json", () => {
    const pkg = { format: "commonjs", packageJson: "/p/package.json", reason: '"type": "commonjs" in /p/package.json' } as const;
    expect(commonJsHint("/p/a.ts", pkg).join("\n")).toContain('set "type": "module" in /p/package.json');
    const loose = { format: "commonjs", packageJson: null, reason: "no package.json in its folder or above" } as const;
    expect(commonJsHint("/a.ts", loose).join("\n")).toContain('add a package.json with "type": "module"');
  });
});

describe("resolveProgram()", () => {
  it("takes a relative path from where the command was typed, else from the repo root", () => {
    const dir = folder("resolve", { "mine.ts": "" });
    expect(resolveProgram("mine.ts", dir)).toBe(join(dir, "mine.ts"));
    expect(resolveProgram("docs/guide/README.md", dir)).toBe(join(REPO_ROOT, "docs/guide/README.md"));
  });
});

describe("pnpm example <file outside the repository>", () => {
  it("runs a program whose package is an ES module (through pnpm, from the program's folder)", () => {
    const dir = folder("esm-app", { "package.json": '{ "name": "esm-app", "type": "module" }', "main.ts": PROGRAM });
    const ran = example("main.ts", dir, true);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toBe("hello from ts\n");
    expect(ran.status).toBe(0);
  }, SLOW);

  it('fails in a "type": "commonjs" package (npm init -y) saying to set "type": "module" or use .mts', () => {
    const dir = folder("cjs-app", { "package.json": '{ "name": "cjs-app", "type": "commonjs" }', "main.ts": PROGRAM });
    const ran = example(join(dir, "main.ts"), scratch);
    expect(ran.status).toBe(1);
    expect(ran.stdout).toBe("");
    expect(ran.stderr).toContain(`example: ${join(dir, "main.ts")} ran as CommonJS ("type": "commonjs" in ${join(dir, "package.json")}).`);
    expect(ran.stderr).toContain(`To fix it: set "type": "module" in ${join(dir, "package.json")} (npm pkg set type=module), or rename the file to .mts.`);
  }, SLOW);

  it("fails for a file with no package.json above it saying what to add", () => {
    // The system temp folder has no package.json above it on any machine we run on.
    const dir = folder("loose", { "main.ts": PROGRAM });
    const ran = example(join(dir, "main.ts"), dir);
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain("ran as CommonJS (no package.json in its folder or above)");
    expect(ran.stderr).toContain('add a package.json with "type": "module" next to it');
  }, SLOW);

  it("runs the same program as .mts in a CommonJS package", () => {
    const dir = folder("cjs-mts", { "package.json": '{ "name": "cjs-mts", "type": "commonjs" }', "main.mts": PROGRAM });
    const ran = example("main.mts", dir);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toBe("hello from mts\n");
  }, SLOW);
});
