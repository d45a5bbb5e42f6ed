// What a pool needs from one worker, whether it is a thread or a child process.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FromWorker, ToWorker } from "./protocol.js";

/** A running worker, seen from the pool. */
export interface WorkerHandle {
  /** Posts a message; throws synchronously if it cannot be cloned. */
  send(message: ToWorker): void;
  /** Lets the worker keep the process alive (while it has a job). */
  ref(): void;
  /** Lets the process exit even though the worker is alive (while it is idle). */
  unref(): void;
  /** Stops the worker; resolves once it has exited. Safe to call again. */
  terminate(): Promise<void>;
}

/** What a worker tells its pool. */
export interface WorkerEvents {
  onMessage(message: FromWorker): void;
  /** The worker exited, for whatever reason; `cause` says why when it was not asked to. */
  onExit(cause: Error): void;
}

/** How to start a worker. */
export interface SpawnOptions {
  /**
   * Start it with this process's TypeScript loader (tsx, ts-node, …), for fromModule tasks; without
   * it, a worker starts sooner, and a function job sent by its source needs no loader.
   */
  readonly loaders: boolean;
}

/** Starts a worker of one kind. */
export type SpawnWorker = (events: WorkerEvents, options: SpawnOptions) => WorkerHandle;

let entry: URL | null = null;

/**
 * The compiled worker script: next to this module in dist/, or, when this module runs from src/
 * (tests that import the sources), in the package's dist/, which the package build writes.
 */
export function workerEntry(): URL {
  if (entry !== null) return entry;
  for (const candidate of ["./worker-entry.js", "../dist/worker-entry.js"]) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return (entry = url);
  }
  throw new Error(
    `@aio/executor: the worker script worker-entry.js was not found next to ${import.meta.url} ` +
      "nor in the package's dist/; build the package first (pnpm --filter @aio/executor build)",
  );
}
