// Finding tsx's register() for worker threads, from the flags this process runs with.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { preloadedModules } from "../src/exec-argv.js";
import { explainImportError, findTsxApi } from "../src/tsx-loader.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
// The repository's tsx, as `--import tsx` from this package's folder finds it.
const tsxDir = dirname(createRequire(join(packageDir, "x.js")).resolve("tsx/package.json"));
const esmApi = pathToFileURL(join(tsxDir, "dist/esm/api/index.mjs")).href;
const empty = realpathSync(mkdtempSync(join(tmpdir(), "aio-tsx-loader-")));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe("preloadedModules()", () => {
  it("lists what --import, --require, -r and --loader preload, in both spellings, and nothing else", () => {
    expect(preloadedModules(["--import", "tsx", "--require=a.cjs", "-r", "b", "--loader=c", "--experimental-loader", "d", "--max-old-space-size=64", "--import"]))
      .toEqual(["tsx", "a.cjs", "b", "c", "d"]);
  });
});

describe("findTsxApi()", () => {
  it("is null when this process does not run under tsx", () => {
    expect(findTsxApi([], undefined, packageDir)).toBeNull();
    expect(findTsxApi(["--require", "ts-node/register", "--import", "./otel.mjs"], "--max-old-space-size=64", packageDir)).toBeNull();
  });

  it("finds the ESM build of tsx/esm/api from `--import tsx` (in execArgv or NODE_OPTIONS) and from the tsx command's files", () => {
    expect(findTsxApi(["--import", "tsx"], undefined, packageDir)).toEqual({ url: esmApi });
    expect(findTsxApi([], "--import=tsx", packageDir)).toEqual({ url: esmApi });
    expect(findTsxApi([], "--require tsx/cjs", packageDir)).toEqual({ url: esmApi });
    const cli = ["--require", join(tsxDir, "dist/preflight.cjs"), "--import", pathToFileURL(join(tsxDir, "dist/loader.mjs")).href];
    // From the tsx command's own files the working directory does not matter.
    expect(findTsxApi(cli, undefined, empty)).toEqual({ url: esmApi });
  });

  it("says why when tsx is not found where the flag was resolved, or has no tsx/esm/api", () => {
    expect(findTsxApi(["--import", "tsx"], undefined, empty)).toEqual({
      error: expect.stringMatching(/^tsx\/esm\/api was not found from the preload "tsx": Cannot find module 'tsx\/package\.json'/) as unknown,
    });
    const old = join(empty, "node_modules", "tsx");
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, "package.json"), JSON.stringify({ name: "tsx", version: "3.0.0", main: "./index.js" }));
    expect(findTsxApi(["--import", "tsx"], undefined, empty)).toEqual({
      error: `tsx/esm/api was not found from the preload "tsx": tsx 3.0.0 at ${old} has no "tsx/esm/api" export (tsx 4 has it)`,
    });
  });
});

describe("explainImportError()", () => {
  it("leaves every error but Node's unknown TypeScript file extension as it is", () => {
    const notFound = Object.assign(new Error("Cannot find module '/x/a.js'"), { code: "ERR_MODULE_NOT_FOUND" });
    const css = Object.assign(new TypeError('Unknown file extension ".css" for /x/a.css'), { code: "ERR_UNKNOWN_FILE_EXTENSION" });
    for (const error of [notFound, css, "a string", null]) expect(explainImportError(error, "file:///x/a.js", undefined)).toBe(error);
  });

  it("explains a .ts, .mts, .cts or .tsx module that Node could not load, keeping the error as its cause", () => {
    for (const ext of ["ts", "mts", "cts", "tsx"]) {
      const error = Object.assign(new TypeError(`Unknown file extension ".${ext}" for /x/a.${ext}`), { code: "ERR_UNKNOWN_FILE_EXTENSION" });
      const explained = explainImportError(error, `file:///x/a.${ext}`, ext === "tsx" ? "no tsx here" : undefined) as TypeError & { code: string };
      expect(explained).toBeInstanceOf(TypeError);
      expect([explained.code, explained.cause]).toEqual(["ERR_UNKNOWN_FILE_EXTENSION", error]);
      expect(explained.message).toBe(
        `fromModule: the worker could not import file:///x/a.${ext}: Unknown file extension ".${ext}" for /x/a.${ext}. ` +
          "A worker imports a TypeScript module only when this program runs under tsx (`tsx main.ts` or `node --import tsx main.ts`, " +
          "with tsx installed); otherwise build it and pass the built .js module" + (ext === "tsx" ? ". This worker has no tsx: no tsx here" : ""),
      );
    }
  });
});
