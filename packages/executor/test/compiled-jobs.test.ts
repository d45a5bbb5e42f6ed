// Jobs written in TypeScript and compiled for real: by esbuild (what tsx, tsup and vite before 8
// run on) with keepNames, by tsc (what ts-node runs), and by tsx itself in a child process. The
// compilers call helpers (`__name`, `__publicField`, `__awaiter`, …) defined at the top of the
// module; a job sent by its source must still run on both pools.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTypeScriptLoader } from "../src/exec-argv.js";
import { ProcessPoolExecutor, ThreadPoolExecutor } from "../src/index.js";
import { processes, threads, type Pool } from "./helpers.js";

const require = createRequire(import.meta.url);
// esbuild is tsx's dependency; typescript and tsx are the repository's.
const esbuild = createRequire(require.resolve("tsx/package.json"))("esbuild") as {
  buildSync(options: object): { outputFiles: { text: string }[] };
};
const ts = require("typescript") as {
  transpileModule(source: string, options: object): { outputText: string };
  ScriptTarget: Record<string, number>;
  ModuleKind: Record<string, number>;
};

// The jobs, in TypeScript. Each returns something that shows the lowered syntax worked.
const JOBS_TS = `
export const named = (n: number) => {
  function square(x: number) { return x * x; }
  const add = (a: number, b: number) => a + b;
  class Acc { total = 0; add(x: number) { this.total = add(this.total, x); return this; } }
  return [square.name, add.name, Acc.name, new Acc().add(square(n)).total];
};
export const fields = () => {
  class Point {
    x = 1;
    static origin = 0;
    #secret = 41;
    get secret() { return this.#secret; }
    bump() { this.#secret++; return this; }
    static has(o: object) { return #secret in o; }
    #twice() { return this.#secret * 2; }
    twice() { return this.#twice(); }
  }
  const p = new Point().bump();
  return [p.x, Point.origin, p.secret, Point.has(p), Point.has({}), p.twice()];
};
export const spread = (o: { a: number; b: number; c: number }) => {
  const { a, ...rest } = o;
  return { ...rest, a, keys: Object.keys(rest) };
};
export const asyncPow = async (x: number) => {
  await null;
  return x ** 2;
};
export const forAwait = async (xs: number[]) => {
  let sum = 0;
  for await (const x of xs) sum += x;
  return sum;
};
export const disposing = () => {
  const log: string[] = [];
  {
    using resource = { [Symbol.dispose]() { log.push("disposed"); } };
    log.push("body");
  }
  return log;
};
export const asyncDisposing = async () => {
  const log: string[] = [];
  {
    await using resource = { async [Symbol.asyncDispose]() { log.push("disposed"); } };
    log.push("body");
  }
  return log;
};
export const superCall = () => {
  class A { m() { return 1; } }
  class B extends A { async m() { return super.m() + 1; } }
  return new B().m();
};
export const requires = () => require("node:path").basename("/a/b.txt");
export const dynamicImport = async () => (await import("node:path")).basename("/a/c.txt");
export const restSpreadArray = (xs: number[]) => {
  const [first, ...others] = xs;
  let total = 0;
  for (const x of xs) total += x;
  return [...others, first, total];
};
`;

const ARGS: Record<string, unknown[]> = {
  named: [3], spread: [{ a: 1, b: 2, c: 3 }], asyncPow: [7], forAwait: [[1, 2, 3]], restSpreadArray: [[1, 2, 3]],
};

// What each job returns. (Not what it returns here: an ES module has no `require`, so `requires`
// compiled to ESM fails in this process, while a worker provides `require` to every job.)
const EXPECTED: Record<string, unknown> = {
  named: ["square", "add", "Acc", 9],
  fields: [1, 0, 42, true, false, 84],
  spread: { b: 2, c: 3, a: 1, keys: ["b", "c"] },
  asyncPow: 49,
  forAwait: 6,
  disposing: ["body", "disposed"],
  asyncDisposing: ["body", "disposed"],
  superCall: 2,
  requires: "b.txt",
  dynamicImport: "c.txt",
  restSpreadArray: [2, 3, 1, 6],
};

const dir = mkdtempSync(join(tmpdir(), "aio-compiled-jobs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Loads compiled module text from a file, as the compiler's user would run it. */
function load(text: string, extension: "mjs" | "cjs"): Record<string, (...args: unknown[]) => unknown> {
  const file = join(dir, `jobs-${files++}.${extension}`);
  writeFileSync(file, text);
  // Node's own loader, not vitest's, which would rewrite the module (its `import()` would become
  // `__vite_ssr_dynamic_import__`) so that the job would no longer be the compiler's. Node 20.19+
  // loads an ES module with require().
  return require(file);
}

function esbuildJobs(target: string, format: "esm" | "cjs"): Record<string, (...args: unknown[]) => unknown> {
  const [out] = esbuild.buildSync({
    stdin: { contents: JOBS_TS, loader: "ts" }, bundle: true, write: false, platform: "node", external: ["*"],
    format, target, keepNames: true,
  }).outputFiles;
  return load(out!.text, format === "esm" ? "mjs" : "cjs");
}

function tscJobs(target: string): Record<string, (...args: unknown[]) => unknown> {
  const { outputText } = ts.transpileModule(JOBS_TS, {
    compilerOptions: { target: ts.ScriptTarget[target], module: ts.ModuleKind["CommonJS"], esModuleInterop: true, downlevelIteration: true },
  });
  return load(outputText, "cjs");
}

/** The names of the compiler helpers (`__x`) a function's source calls. */
const helpersIn = (fn: Function): string[] => [...new Set(Function.prototype.toString.call(fn).match(/\b__[a-zA-Z]\w*/g) ?? [])];

const builds: (readonly [string, () => Record<string, (...args: unknown[]) => unknown>])[] = [
  ...["node20", "es2020", "es2017", "es2015"].flatMap((target) => [
    [`esbuild --target=${target} --format=esm --keep-names`, () => esbuildJobs(target, "esm")] as const,
    [`esbuild --target=${target} --format=cjs --keep-names`, () => esbuildJobs(target, "cjs")] as const,
  ]),
  ...["ES2022", "ES2020", "ES2017", "ES2015", "ES5"].map((target) => [`tsc --target ${target} --module commonjs`, () => tscJobs(target)] as const),
];

describe("the compiled jobs", () => {
  it("call the helpers that esbuild and tsc inject, so the runs below exercise them", () => {
    const used = new Set<string>();
    for (const [, build] of builds) for (const job of Object.values(build())) {
      if (typeof job === "function") for (const helper of helpersIn(job)) used.add(helper);
    }
    expect([...used].sort()).toEqual(expect.arrayContaining([
      // esbuild
      "__async", "__callDispose", "__forAwait", "__name", "__objRest", "__pow", "__privateAdd", "__privateGet", "__privateIn",
      "__privateMethod", "__publicField", "__require", "__spreadValues", "__superGet", "__using",
      // tsc
      "__addDisposableResource", "__asyncValues", "__awaiter", "__classPrivateFieldGet", "__classPrivateFieldIn",
      "__classPrivateFieldSet", "__disposeResources", "__generator", "__importStar", "__rest",
    ]));
  });
});

describe.each([threads, processes])("compiled TypeScript jobs on $name", (kind) => {
  let pool: Pool;
  beforeAll(() => {
    // One pool for every build (not kind.create's, which is shut down after each test).
    pool = kind.name === "ThreadPoolExecutor" ? new ThreadPoolExecutor({ maxWorkers: 2 }) : new ProcessPoolExecutor({ maxWorkers: 2 });
  });
  afterAll(() => pool.shutdown());

  it.each(builds)("run when compiled by %s", async (_name, build) => {
    const jobs = build();
    const names = Object.keys(jobs).filter((name) => typeof jobs[name] === "function");
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
    const results = await Promise.all(names.map((name) => pool.submit(jobs[name]!, ...(ARGS[name] ?? []))));
    expect(Object.fromEntries(names.map((name, i) => [name, results[i]]))).toEqual(EXPECTED);
  });
});

describe("a job that calls a compiler helper this package does not provide", () => {
  it("is refused at submit, with a hint about where the name comes from", () => {
    const pool = threads.create({ maxWorkers: 1 });
    const job = new Function("return function job() { return __decorateClass([], class {}); }")() as () => unknown;
    expect(() => pool.submit(job)).toThrow(/fn uses "__decorateClass", defined outside its body.*looks like a helper that a compiler put in your module/);
  });
});

describe("under tsx", () => {
  const fixture = fileURLToPath(new URL("./fixtures/tsx-jobs.mts", import.meta.url));
  const tsxCli = require.resolve("tsx/cli");
  const cwd = fileURLToPath(new URL("..", import.meta.url));
  const { NODE_OPTIONS: _, ...env } = process.env;

  interface Report { value: number; names?: string[]; execArgv: string[]; nodeOptions: string | null }
  const usesTsx = (report: Report): boolean =>
    report.execArgv.some(isTypeScriptLoader) || /(^|\s)(--import|--require|-r)[= ]\S*tsx/.test(report.nodeOptions ?? "");

  it.each([
    ["tsx script.mts", [tsxCli, fixture], env],
    ["node --import tsx script.mts", ["--import", "tsx", fixture], env],
    ["NODE_OPTIONS=--import=tsx node script.mts", [fixture], { ...env, NODE_OPTIONS: "--import=tsx" }],
  ] as const)("%s: runs jobs with __name on both pools in workers without tsx, and TypeScript module tasks on both pools in workers with it", async (_how, args, childEnv) => {
    const { stdout } = await promisify(execFile)(process.execPath, [...args], { cwd, env: childEnv, timeout: 20_000 });
    const out = JSON.parse(stdout) as Record<string, Report> & { source: string; parentExecArgv: string[]; parentNodeOptions: string | null };
    expect(out.source).toContain('__name(x=>x*x,"square")');
    expect(usesTsx({ value: 0, execArgv: out.parentExecArgv, nodeOptions: out.parentNodeOptions })).toBe(true);
    for (const pool of ["ThreadPoolExecutor", "ProcessPoolExecutor"]) {
      for (const key of [pool, `${pool} functionFirst`]) {
        const report = out[key]!;
        expect([key, report.names]).toEqual([key, ["square", "twice", "Box"]]);
        expect([key, usesTsx(report)]).toEqual([key, false]);
      }
      // The module tasks needed tsx: their worker was started with it (replacing the worker
      // without); a worker thread registers tsx itself, as tsx's hook does not on Node 20.
      const values = ["", " functionFirst", " module", " moduleJs", " functionAfter"].map((key) => out[`${pool}${key}`]!.value);
      expect([pool, values]).toEqual([pool, [18, 2, 40, 50, 8]]);
      expect([pool, usesTsx(out[`${pool} module`]!)]).toEqual([pool, true]);
    }
  }, 30_000);
});

describe("a TypeScript module task without tsx", () => {
  const fixture = fileURLToPath(new URL("./fixtures/no-tsx-jobs.mjs", import.meta.url));
  const { NODE_OPTIONS: _, ...env } = process.env;
  const advice = "fromModule: the worker could not import file:.*/ts-module\\.ts: Unknown file extension \"\\.ts\" for .*ts-module\\.ts\\. " +
    "A worker imports a TypeScript module only when this program runs under tsx \\(`tsx main\\.ts` or `node --import tsx main\\.ts`, " +
    "with tsx installed\\); otherwise build it and pass the built \\.js module";

  /** A project whose `tsx` is a stand-in that loads nothing and has no tsx/esm/api. */
  function standInProject(): string {
    const project = join(dir, "stand-in-tsx-project");
    const tsxDir = join(project, "node_modules", "tsx");
    mkdirSync(tsxDir, { recursive: true });
    writeFileSync(join(tsxDir, "package.json"), JSON.stringify({
      name: "tsx", version: "0.0.0-stand-in", type: "module", exports: { ".": "./loader.mjs", "./package.json": "./package.json" },
    }));
    writeFileSync(join(tsxDir, "loader.mjs"), "export {};\n");
    return project;
  }

  it.each([
    ["node script.mjs", [], "", ""],
    // The worker thread looks for tsx's register() where `--import tsx` was resolved, and says why it found none.
    ["node --import tsx script.mjs, with a tsx that has no tsx/esm/api", ["--import", "tsx"],
      "\\. This worker has no tsx: tsx/esm/api was not found from the preload \"tsx\": tsx 0\\.0\\.0-stand-in at .*stand-in-tsx-project[\\\\/]node_modules[\\\\/]tsx has no \"tsx/esm/api\" export \\(tsx 4 has it\\)", ""],
  ] as const)("%s: runs JavaScript module tasks on both pools, and fails TypeScript ones saying that tsx or a build is needed", async (_how, flags, threadWhy, processWhy) => {
    const cwd = flags.length === 0 ? fileURLToPath(new URL("..", import.meta.url)) : standInProject();
    const { stdout } = await promisify(execFile)(process.execPath, [...flags, fixture], { cwd, env, timeout: 20_000 });
    const out = JSON.parse(stdout) as Record<string, { js: number; ts: { name: string; code: string; message: string } | null }>;
    for (const [pool, why] of [["ThreadPoolExecutor", threadWhy], ["ProcessPoolExecutor", processWhy]] as const) {
      const { js, ts } = out[pool]!;
      expect([pool, js, ts?.name, ts?.code]).toEqual([pool, 15, "TypeError", "ERR_UNKNOWN_FILE_EXTENSION"]);
      expect(ts?.message).toMatch(new RegExp(`^${advice}${why}$`));
    }
  }, 30_000);
});
