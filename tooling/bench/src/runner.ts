// Runs one workload script in a fresh process and turns its output into a sample.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ResultLine, SystemDef, WorkloadDef } from "./types.js";

/** tooling/bench */
export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The monorepo root. */
export const REPO_ROOT = resolve(BENCH_DIR, "../..");

/** Which `@aio/<name>` packages have a built entry point (packages/<name>/dist/index.js). */
export function builtPackages(repoRoot = REPO_ROOT): Set<string> {
  const names = ["core", "future", "task", "loop", "combinators", "sync", "queue", "executor", "executor-bullmq", "subprocess", "streams", "trace", "asyncio"];
  return new Set(names.filter((name) => existsSync(join(repoRoot, "packages", name, "dist", "index.js"))));
}

export interface Python {
  executable: string;
  version: string;
  /** For the uvloop row: the uvloop version. */
  uvloop?: string;
}

/** The version `executable --version` prints, or null when it cannot run. */
function pythonVersion(executable: string): string | null {
  const r = spawnSync(executable, ["--version"], { encoding: "utf8" });
  if (r.status !== 0) return null;
  const m = /Python\s+(\S+)/.exec(`${r.stdout}${r.stderr}`);
  return m ? m[1]! : null;
}

/**
 * The first python3 on PATH that can import uvloop (Debian's python3-uvloop is for the system
 * python3, which a pyenv shim may hide), with its version and uvloop's; undefined when none can.
 */
function findUvloopPython(): Python | undefined {
  const seen = new Set<string>();
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const exe = join(dir, "python3");
    if (seen.has(exe) || !existsSync(exe)) continue;
    seen.add(exe);
    const r = spawnSync(exe, ["-c", "import sys, uvloop; print(sys.version.split()[0], uvloop.__version__)"], { encoding: "utf8" });
    const m = r.status === 0 ? /^(\S+) (\S+)/.exec(r.stdout.trim()) : null;
    if (m) return { executable: exe, version: m[1]!, uvloop: m[2]! };
  }
  return undefined;
}

/**
 * The interpreters for the CPython rows: `preferred` is CPython 3.13 from pyenv when installed,
 * else python3 on PATH; `path` is python3 on PATH; `uvloop` is the first python3 on PATH that has
 * uvloop. Each is undefined when missing.
 */
export function findPythons(): Pythons {
  const out: Pythons = {};
  const withUvloop = findUvloopPython();
  if (withUvloop) out.uvloop = withUvloop;
  const onPath = pythonVersion("python3");
  if (onPath) out.path = { executable: "python3", version: onPath };
  const pyenv = spawnSync("pyenv", ["which", "python3"], {
    encoding: "utf8",
    env: { ...process.env, PYENV_VERSION: "3.13.0" },
  });
  const pyenvPath = pyenv.status === 0 ? pyenv.stdout.trim() : "";
  const pyenvVersion = pyenvPath ? pythonVersion(pyenvPath) : null;
  if (pyenvPath && pyenvVersion) out.preferred = { executable: pyenvPath, version: pyenvVersion };
  else if (out.path) out.preferred = out.path;
  return out;
}

export interface Command {
  command: string;
  args: string[];
}

/** The interpreters found for the Python rows. */
export interface Pythons {
  preferred?: Python;
  path?: Python;
  uvloop?: Python;
}

export interface RunContext {
  quick: boolean;
  built: Set<string>;
  pythons: Pythons;
}

/** The size a system runs at in this mode. */
export function sizeFor(workload: WorkloadDef, system: SystemDef, quick: boolean): number {
  return quick ? (system.quickN ?? workload.quickN) : (system.n ?? workload.n);
}

/** How to run one system, or why it is skipped. */
export function commandFor(workload: WorkloadDef, system: SystemDef, ctx: RunContext): Command | { skip: string } {
  if (system.fullOnly && ctx.quick) return { skip: "full runs only" };
  const missing = (system.requires ?? []).filter((name) => !ctx.built.has(name));
  if (missing.length) return { skip: `${missing.map((m) => `@aio/${m}`).join(", ")} not built` };
  const file = join(BENCH_DIR, "src", "workloads", workload.id, system.file);
  if (!existsSync(file)) return { skip: `no script ${system.file}` };
  const n = String(sizeFor(workload, system, ctx.quick));
  const tail = ["--n", n, ...(ctx.quick ? ["--quick"] : [])];
  if (file.endsWith(".py")) {
    const python = system.python === "path" ? ctx.pythons.path : system.python === "uvloop" ? ctx.pythons.uvloop : ctx.pythons.preferred;
    if (!python) return { skip: system.python === "uvloop" ? "no python3 with uvloop (Debian: apt-get install python3-uvloop)" : "python3 not found" };
    if (system.python === "path" && ctx.pythons.preferred?.executable === python.executable) {
      return { skip: "same interpreter as the CPython row" };
    }
    return { command: python.executable, args: [file, ...tail] };
  }
  const node = [process.execPath, "--expose-gc"];
  if (file.endsWith(".ts")) return { command: node[0]!, args: [...node.slice(1), "--import", "tsx", file, ...tail] };
  return { command: node[0]!, args: [...node.slice(1), file, ...tail] };
}

/** The label of a CPython row with its interpreter version. */
export function pythonLabel(system: SystemDef, ctx: RunContext): string {
  if (system.python === "uvloop") {
    const u = ctx.pythons.uvloop;
    return u ? `uvloop ${u.uvloop} on CPython ${u.version}` : system.label;
  }
  const python = system.python === "path" ? ctx.pythons.path : ctx.pythons.preferred;
  return python ? `CPython ${python.version} asyncio${system.python === "path" ? " (python3 on PATH)" : ""}` : system.label;
}

/**
 * Parses the result line of a script: the last non-empty stdout line must be JSON with the
 * expected workload and system, a positive integer n and finite non-negative seconds.
 */
export function parseResultLine(stdout: string, expected: { workload: string; system: string }): ResultLine {
  const lines = stdout.split("\n").map((l) => l.trim()).filter(Boolean);
  const last = lines[lines.length - 1];
  if (last === undefined) throw new Error("printed no result line");
  let value: unknown;
  try {
    value = JSON.parse(last);
  } catch {
    throw new Error(`last line is not JSON: ${last.slice(0, 200)}`);
  }
  const r = value as Partial<ResultLine>;
  if (typeof r !== "object" || r === null) throw new Error("result line is not an object");
  if (r.workload !== expected.workload || r.system !== expected.system) {
    throw new Error(`result names ${String(r.workload)}/${String(r.system)}, expected ${expected.workload}/${expected.system}`);
  }
  if (!(Number.isInteger(r.n) && r.n! > 0)) throw new Error(`bad n: ${String(r.n)}`);
  if (!(typeof r.seconds === "number" && Number.isFinite(r.seconds) && r.seconds >= 0)) {
    throw new Error(`bad seconds: ${String(r.seconds)}`);
  }
  if (!(typeof r.nsPerOp === "number" && Number.isFinite(r.nsPerOp))) throw new Error(`bad nsPerOp: ${String(r.nsPerOp)}`);
  if (!(typeof r.peakRssBytes === "number")) throw new Error(`bad peakRssBytes: ${String(r.peakRssBytes)}`);
  return r as ResultLine;
}

/**
 * The useful end of a script's stderr: stack frames, caret and lone-bracket lines and the Node
 * version banner dropped, so what is left is the error line(s) (Python's last traceback line survives too).
 */
export function stderrSummary(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "" && !/^\s+at /.test(l) && !/^Node\.js v/.test(l) && !/^\s*[\^{}[\]]+\s*$/.test(l));
  return lines.slice(-4).join(" | ");
}

export type RunOutcome =
  | { ok: true; wallSeconds: number; result: ResultLine }
  | { ok: false; wallSeconds: number; error: string };

/**
 * Runs one script in its own process group (so pools it starts die with it on a timeout) and
 * parses its result line.
 */
export function runScript(
  cmd: Command,
  expected: { workload: string; system: string },
  timeoutSeconds: number,
): Promise<RunOutcome> {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(cmd.command, cmd.args, {
      cwd: BENCH_DIR,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      env: { ...process.env, FORCE_COLOR: "0", NODE_OPTIONS: "" },
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeoutSeconds * 1000);
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      clearTimeout(timer);
      const wallSeconds = (performance.now() - started) / 1000;
      const tail = stderrSummary(stderr);
      if (spawnError) return resolvePromise({ ok: false, wallSeconds, error: `could not start: ${spawnError.message}` });
      if (timedOut) return resolvePromise({ ok: false, wallSeconds, error: `timed out after ${timeoutSeconds} s` });
      if (code !== 0) {
        // Node exits with 13 when the top-level await never settles: the script's promise was
        // left pending with nothing keeping the process alive (a lost wake-up, typically).
        const why = code === 13 ? " (top-level await never settled: a promise was left pending)" : "";
        return resolvePromise({ ok: false, wallSeconds, error: `exit ${code ?? signal}${why}${tail ? `: ${tail}` : ""}` });
      }
      try {
        resolvePromise({ ok: true, wallSeconds, result: parseResultLine(stdout, expected) });
      } catch (error) {
        resolvePromise({ ok: false, wallSeconds, error: `${(error as Error).message}${tail ? `; stderr: ${tail}` : ""}` });
      }
    };
    child.on("error", (error) => finish(null, null, error));
    child.on("close", (code, signal) => finish(code, signal));
  });
}
