import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { hasTypeScriptLoader, isTypeScriptLoader, splitNodeOptions, workerExecArgv, workerNodeOptions } from "../src/exec-argv.js";

// What tsx 4 puts in process.execArgv when it runs a script (below some project's folder).
const PROJECT = resolve("some-project");
const TSX = [
  "--require", `${PROJECT}/node_modules/.pnpm/tsx@4.23.15/node_modules/tsx/dist/preflight.cjs`,
  "--import", `${pathToFileURL(PROJECT).href}/node_modules/.pnpm/tsx@4.23.15/node_modules/tsx/dist/loader.mjs`,
];

describe("workerExecArgv()", () => {
  it("keeps flags that shape the runtime, and preloads that are not a TypeScript loader", () => {
    expect(workerExecArgv(["--max-old-space-size=512", "--import", "./otel.mjs", "-r", "dotenv/config", "--conditions=dev"])).toEqual([
      "--max-old-space-size=512", "--import", "./otel.mjs", "-r", "dotenv/config", "--conditions=dev",
    ]);
  });

  it("drops the entry-point and debugger flags of this process, with their values", () => {
    expect(workerExecArgv(["--input-type=module", "-e", "code()", "--eval=x", "-p", "1", "--test", "--test-reporter=dot",
      "--watch", "--watch-path", "src", "--inspect-brk=9229", "--inspect-port", "9230", "--expose-gc"])).toEqual(["--expose-gc"]);
  });

  it("drops a TypeScript loader (tsx, ts-node, …) in every spelling, unless keepLoaders", () => {
    expect(workerExecArgv([...TSX, "--expose-gc"])).toEqual(["--expose-gc"]);
    expect(workerExecArgv([...TSX, "--expose-gc"], { keepLoaders: true })).toEqual([...TSX, "--expose-gc"]);
    expect(workerExecArgv(["--import=tsx", "--loader", "ts-node/esm", "-r", "ts-node/register", "--require=@swc-node/register",
      "--experimental-loader=@esbuild-kit/esm-loader", "-r", "esbuild-register", "--import", "jiti/register", "--stack-size=900"]))
      .toEqual(["--stack-size=900"]);
  });
});

describe("isTypeScriptLoader()", () => {
  it("knows the loaders by package name or by their path in node_modules, and nothing else", () => {
    for (const yes of ["tsx", "tsx/esm", "ts-node/register/transpile-only", "C:\\app\\node_modules\\tsx\\dist\\loader.mjs", TSX[1]!, TSX[3]!]) {
      expect(isTypeScriptLoader(yes), yes).toBe(true);
    }
    for (const no of ["./tsx.mjs", "tsx-helper", `${PROJECT}/node_modules/my-tsx/x.js`, "dotenv/config", `${PROJECT}/src/ts-node.js`]) {
      expect(isTypeScriptLoader(no), no).toBe(false);
    }
  });
});

describe("workerNodeOptions()", () => {
  it("takes a TypeScript loader out of NODE_OPTIONS, and leaves it alone otherwise", () => {
    expect(workerNodeOptions("--import tsx --max-old-space-size=64")).toBe("--max-old-space-size=64");
    expect(workerNodeOptions("--require=ts-node/register")).toBeUndefined();
    expect(workerNodeOptions("--import tsx", { keepLoaders: true })).toBe("--import tsx");
    expect(workerNodeOptions("--enable-source-maps  --trace-warnings")).toBe("--enable-source-maps  --trace-warnings");
    expect(workerNodeOptions(undefined)).toBeUndefined();
  });

  it("keeps quoted values quoted", () => {
    expect(splitNodeOptions('--require "/my dir/a.cjs" --title="x \\" y"')).toEqual(["--require", "/my dir/a.cjs", '--title=x " y']);
    expect(workerNodeOptions('--import tsx --require "/my dir/a.cjs"')).toBe('--require "/my dir/a.cjs"');
  });
});

describe("hasTypeScriptLoader()", () => {
  it("is true when execArgv or NODE_OPTIONS carries one", () => {
    expect(hasTypeScriptLoader(TSX, undefined)).toBe(true);
    expect(hasTypeScriptLoader([], "--import tsx")).toBe(true);
    expect(hasTypeScriptLoader(["--expose-gc"], "--enable-source-maps")).toBe(false);
  });
});
