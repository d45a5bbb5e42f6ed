// Shared fixtures for the pool tests: both executors behind one interface, and jobs that signal
// through files in a temporary directory (files work for threads and processes alike).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, vi } from "vitest";
import {
  BrokenProcessPool,
  BrokenThreadPool,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
  type PoolExecutorOptions,
} from "../src/index.js";

// Inside a job sent by its source, `jobSignal` is a global of the worker. Declared here (not
// imported) so the test's compiled source says `jobSignal`, exactly as a user's tsc output would.
declare global {
  const jobSignal: typeof import("../src/job-signal.js").jobSignal;
}

export type Pool = ThreadPoolExecutor | ProcessPoolExecutor;

export interface PoolKind {
  readonly name: "ThreadPoolExecutor" | "ProcessPoolExecutor";
  readonly Broken: typeof BrokenThreadPool | typeof BrokenProcessPool;
  create(options?: PoolExecutorOptions): Pool;
}

export const threads: PoolKind = {
  name: "ThreadPoolExecutor",
  Broken: BrokenThreadPool,
  create: (options) => track(new ThreadPoolExecutor(options)),
};

export const processes: PoolKind = {
  name: "ProcessPoolExecutor",
  Broken: BrokenProcessPool,
  create: (options) => track(new ProcessPoolExecutor(options)),
};

// Every pool a test makes is shut down after it, so a failing test leaves no worker behind.
const pools: Pool[] = [];
function track(pool: Pool): Pool {
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.shutdown({ cancelFutures: true })));
});

/** Which worker ran the job: the process id and thread id. */
export const workerId = (): string => `${process.pid}:${require("node:worker_threads").threadId}`;

/** Writes `<name>.started`, then blocks (synchronously) until `<name>.go` exists; returns `name`. */
export const gated = (dir: string, name: string): string => {
  const fs = require("node:fs");
  fs.writeFileSync(`${dir}/${name}.started`, "");
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!fs.existsSync(`${dir}/${name}.go`)) Atomics.wait(nap, 0, 0, 2);
  return name;
};

/** Writes `<name>.ran` and returns `name`: proves whether a job ran at all. */
export const marker = (dir: string, name: string): string => {
  require("node:fs").writeFileSync(`${dir}/${name}.ran`, "");
  return name;
};

/** Writes `<name>.started`, waits for its jobSignal() to abort, records the reason, rethrows it. */
export const cooperative = async (dir: string, name: string): Promise<never> => {
  const fs = require("node:fs");
  const signal = jobSignal();
  fs.writeFileSync(`${dir}/${name}.started`, "");
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve));
  fs.writeFileSync(`${dir}/${name}.aborted`, String((signal.reason as Error).message));
  throw signal.reason;
};

/** Writes `<name>.started` and then never returns nor looks at its signal. */
export const stubborn = (dir: string, name: string): never => {
  require("node:fs").writeFileSync(`${dir}/${name}.started`, "");
  for (;;);
};

/** A fresh directory for one test's signal files. */
export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), "aio-executor-"));
  scratches.push(dir);
  return new Scratch(dir);
}
const scratches: string[] = [];
afterEach(() => {
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export class Scratch {
  constructor(readonly dir: string) {}
  has(file: string): boolean {
    return existsSync(join(this.dir, file));
  }
  read(file: string): string {
    return readFileSync(join(this.dir, file), "utf8");
  }
  /** Lets a `gated` job go on. */
  open(name: string): void {
    writeFileSync(join(this.dir, `${name}.go`), "");
  }
  /** Resolves once the job `name` has started in its worker (waiting up to `timeout` ms). */
  async started(name: string, timeout = 5000): Promise<void> {
    await vi.waitFor(() => {
      if (!this.has(`${name}.started`)) throw new Error(`${name} has not started`);
    }, { timeout, interval: 2 });
  }
}
