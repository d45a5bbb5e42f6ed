// The options of createSubprocessExec/createSubprocessShell, checked and turned into what
// node:child_process's spawn() takes.
import type { SpawnOptions, StdioNull, StdioPipe } from "node:child_process";
import { _describe as describe } from "@aio/core";
import { DEVNULL, PIPE, STDOUT, type StdioTarget } from "./constants.js";

/**
 * Options for {@link createSubprocessExec} and {@link createSubprocessShell}.
 * @public
 */
export interface SubprocessOptions {
  /** The child's standard input. @defaultValue `null` (this process's own) */
  stdin?: StdioTarget;
  /** The child's standard output. @defaultValue `null` (this process's own) */
  stdout?: StdioTarget;
  /** The child's standard error; {@link STDOUT} sends it where stdout goes. @defaultValue `null` (this process's own) */
  stderr?: StdioTarget;
  /** The working directory of the child. @defaultValue this process's */
  cwd?: string | URL | undefined;
  /** The child's whole environment (it replaces, not extends, this process's). @defaultValue `process.env` */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * The `limit` of the `stdout`/`stderr` {@link @aio/streams#StreamReader}s: the longest line
   * `readline()` accepts, and half the buffer size at which reading from the pipe pauses.
   * @defaultValue 65536 (64 KiB)
   */
  limit?: number | undefined;
  /** Run the child as this user id (POSIX; needs the privilege to). */
  uid?: number | undefined;
  /** Run the child as this group id (POSIX; needs the privilege to). */
  gid?: number | undefined;
  /**
   * Start the child in a new session and process group (`setsid`; Python's `start_new_session`).
   * @defaultValue false
   */
  detached?: boolean | undefined;
  /** The `argv[0]` the child sees, instead of the program name (`createSubprocessExec` only). */
  argv0?: string | undefined;
}

const KEYS = new Set(["stdin", "stdout", "stderr", "cwd", "env", "limit", "uid", "gid", "detached", "argv0"]);
const SHAPE = "{ stdin?, stdout?, stderr?, cwd?, env?, limit?, uid?, gid?, detached?, argv0? }";

/** What Node's spawn() takes for one standard stream. */
export type NodeStdio = StdioPipe | StdioNull | number;

/** @internal The options, checked and translated. */
export interface SpawnPlan {
  stdio: [NodeStdio, NodeStdio, NodeStdio];
  /** stderr=STDOUT with stdout=PIPE: the child's fd 2 must be a duplicate of its fd 1. */
  mergeStderr: boolean;
  /** What spawn() gets besides `stdio`. */
  spawn: SpawnOptions;
  limit: number;
}

/** @internal Checks `options` and plans the spawn. */
export function planSpawn(fn: string, options: unknown, shell: boolean): SpawnPlan {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${fn}(options): expected an options object ${SHAPE}, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KEYS.has(key)) throw new TypeError(`${fn}(options): unknown option ${JSON.stringify(key)}; expected ${SHAPE}`);
  }
  const stdin = stdioOf(fn, "stdin", o.stdin);
  const stdout = stdioOf(fn, "stdout", o.stdout);
  let stderr: NodeStdio;
  let mergeStderr = false;
  if (o.stderr === STDOUT) {
    // Where stdout goes: the same file descriptor, /dev/null, or this process's stdout (fd 1).
    if (stdout === "pipe") {
      mergeStderr = true;
      stderr = "ignore"; // the child's fd 2 is made a copy of its fd 1 (see spawnChild)
    } else stderr = stdout === "inherit" ? 1 : stdout;
  } else stderr = stdioOf(fn, "stderr", o.stderr);

  const spawn: SpawnOptions = {};
  if (o.cwd !== undefined) {
    if (typeof o.cwd !== "string" && !(o.cwd instanceof URL)) throw new TypeError(`${fn}(options.cwd): expected a path (string or file: URL), got ${describe(o.cwd)}`);
    spawn.cwd = o.cwd;
  }
  if (o.env !== undefined) spawn.env = checkEnv(fn, o.env);
  for (const key of ["uid", "gid"] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new TypeError(`${fn}(options.${key}): expected an integer >= 0, got ${describe(v)}`);
    spawn[key] = v;
  }
  if (o.detached !== undefined) {
    if (typeof o.detached !== "boolean") throw new TypeError(`${fn}(options.detached): expected a boolean, got ${describe(o.detached)}`);
    spawn.detached = o.detached;
  }
  if (o.argv0 !== undefined) {
    if (shell) throw new TypeError(`${fn}(options.argv0): not supported by the shell form; use createSubprocessExec`);
    if (typeof o.argv0 !== "string") throw new TypeError(`${fn}(options.argv0): expected a string, got ${describe(o.argv0)}`);
    spawn.argv0 = o.argv0;
  }
  return { stdio: [stdin, stdout, stderr], mergeStderr, spawn, limit: checkLimit(fn, o.limit) };
}

function stdioOf(fn: string, name: "stdin" | "stdout" | "stderr", target: unknown): NodeStdio {
  if (target === undefined || target === null) return "inherit";
  if (target === PIPE) return "pipe";
  if (target === DEVNULL) return "ignore";
  if (target === STDOUT) throw new RangeError(`${fn}(options.${name}): STDOUT can only be used for stderr`);
  if (typeof target === "number" && Number.isInteger(target) && target >= 0) return target;
  if (typeof target === "number") {
    throw new RangeError(`${fn}(options.${name}): expected PIPE, DEVNULL${name === "stderr" ? ", STDOUT" : ""}, a file descriptor (an integer >= 0) or null, got ${target}`);
  }
  throw new TypeError(`${fn}(options.${name}): expected PIPE, DEVNULL${name === "stderr" ? ", STDOUT" : ""}, a file descriptor (an integer >= 0) or null, got ${describe(target)}`);
}

function checkEnv(fn: string, env: unknown): Record<string, string> {
  if (env === null || typeof env !== "object" || Array.isArray(env)) {
    throw new TypeError(`${fn}(options.env): expected an object of strings such as { PATH: "/usr/bin" }, got ${describe(env)}`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (typeof value !== "string") throw new TypeError(`${fn}(options.env.${key}): expected a string, got ${describe(value)}`);
    out[key] = value;
  }
  return out;
}

function checkLimit(fn: string, limit: unknown): number {
  if (limit === undefined) return 65536;
  if (typeof limit !== "number") throw new TypeError(`${fn}(options.limit): expected a number of bytes, got ${describe(limit)}`);
  if (!(limit > 0)) throw new RangeError(`${fn}(options.limit): expected a number of bytes > 0, got ${limit}`);
  return limit;
}
