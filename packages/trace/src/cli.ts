// `aio-trace [options] program [args...]`: runs a program (TypeScript through tsx, or JavaScript)
// with every event loop it creates traced, then writes trace.json and trace.svg. Node only.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { constants } from "node:os";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** @internal What the command line asked for. */
export interface CliOptions {
  out: string;
  capacity: number | null;
  tsconfig: string | null;
  title: string | null;
  program: string;
  args: string[];
}

/** @internal */
export const USAGE = `usage: aio-trace [--out <base>] [--capacity <events>] [--tsconfig <file>] [--title <text>] program [args...]

Runs program (a .ts file through tsx, or a .js/.mjs file) with every @aio event loop traced, and
writes <base>.json (Chrome's Trace Event format: open it in https://ui.perfetto.dev or
chrome://tracing) and <base>.svg (a timeline, one lane per task). <base> defaults to "trace".`;

/** @internal Reads the command line; throws an Error whose message is what to tell the user. */
export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { out: "trace", capacity: null, tsconfig: null, title: null, program: "", args: [] };
  let i = 0;
  const value = (flag: string): string => {
    const v = argv[++i];
    if (v === undefined) throw new Error(`aio-trace: ${flag} needs a value\n\n${USAGE}`);
    return v;
  };
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-")) break;
    if (a === "--out" || a === "-o") o.out = value(a);
    else if (a === "--capacity") {
      const v = value(a);
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`aio-trace: --capacity expects a positive integer, got ${v}`);
      o.capacity = n;
    } else if (a === "--tsconfig") o.tsconfig = value(a);
    else if (a === "--title") o.title = value(a);
    else if (a === "--help" || a === "-h") throw new Error(USAGE);
    else throw new Error(`aio-trace: unknown option ${a}\n\n${USAGE}`);
  }
  const program = argv[i];
  if (program === undefined) throw new Error(USAGE);
  o.program = program;
  o.args = argv.slice(i + 1);
  return o;
}

const TS = new Set([".ts", ".mts", ".cts", ".tsx"]);

/** @internal tsx's loader, from the program's project first, then from next to this package. */
export function findTsx(cwd: string): string | null {
  for (const from of [join(cwd, "package.json"), import.meta.url]) {
    try {
      return pathToFileURL(createRequire(from).resolve("tsx")).href;
    } catch {
      // not there: try the next place
    }
  }
  return null;
}

/** @internal Runs the command; resolves to the exit code. */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  let o: CliOptions;
  try {
    o = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const nodeArgs: string[] = [];
  // Run from its TypeScript sources (this repository's tests), the recorder needs tsx as well.
  const fromSources = import.meta.url.endsWith(".ts");
  if (TS.has(extname(o.program)) || fromSources) {
    const tsx = findTsx(cwd);
    if (tsx === null) {
      process.stderr.write("aio-trace: a TypeScript program needs tsx: npm install --save-dev tsx\n");
      return 2;
    }
    nodeArgs.push("--import", tsx);
  }
  nodeArgs.push("--import", new URL(fromSources ? "./register.ts" : "./register.js", import.meta.url).href);
  const env: NodeJS.ProcessEnv = { ...process.env, AIO_TRACE_OUT: resolve(cwd, o.out) };
  if (o.capacity !== null) env["AIO_TRACE_CAPACITY"] = String(o.capacity);
  if (o.title !== null) env["AIO_TRACE_TITLE"] = o.title;
  if (o.tsconfig !== null) env["TSX_TSCONFIG_PATH"] = resolve(cwd, o.tsconfig);
  const child = spawn(process.execPath, [...nodeArgs, o.program, ...o.args], { cwd, env, stdio: "inherit" });
  return new Promise<number>((done) => {
    child.on("error", (error) => {
      process.stderr.write(`aio-trace: could not start node: ${error.message}\n`);
      done(1);
    });
    child.on("exit", (code, signal) => done(code ?? 128 + (signal !== null ? (constants.signals[signal] ?? 0) : 0)));
  });
}
