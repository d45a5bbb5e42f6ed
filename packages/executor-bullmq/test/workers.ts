// Real worker processes for the tests: the package's aio-worker command (dist/cli.js, built by
// `pnpm build`, which `pnpm test` runs first), started with node and stopped after each file.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = join(PACKAGE_DIR, "dist", "cli.js");
export const JOBS = new URL("./fixtures/jobs.mjs", import.meta.url);

export interface WorkerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with how it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

const spawned = new Set<WorkerProcess>();

/** Starts `aio-worker --redis url …args` and resolves once it printed its ready line. */
export async function spawnWorker(url: string, args: readonly string[] = []): Promise<WorkerProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the package first (pnpm --filter @aio/executor-bullmq build)`);
  const child = spawn(process.execPath, [CLI, "--redis", url, ...args], { cwd: PACKAGE_DIR, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("aio-worker: ready")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code, signal }) => reject(new Error(`aio-worker exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
  const worker: WorkerProcess = {
    pid: child.pid as number,
    child,
    output: () => output,
    exited,
    kill: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  spawned.add(worker);
  void exited.then(() => spawned.delete(worker));
  await ready;
  return worker;
}

/** Kills every worker still running (SIGKILL) and waits for them. */
export async function killWorkers(): Promise<void> {
  const all = [...spawned];
  for (const worker of all) worker.kill("SIGKILL");
  await Promise.all(all.map((worker) => worker.exited));
}

/** A temporary directory for ledgers and gates, removed by the returned function. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "aio-bullmq-test-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The lines of a ledger file written by the fixture jobs (`start <id> <pid>` / `done <id> <pid>`). */
export function readLedger(path: string): { event: string; id: string; pid: number }[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").filter((line) => line !== "").map((line) => {
    const [event, id, pid] = line.split(" ");
    return { event: event as string, id: id as string, pid: Number(pid) };
  });
}

/** Polls `check` every 10 ms until it is true, or throws after `seconds`. */
export async function until(check: () => boolean, seconds = 10, what = "the condition"): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
