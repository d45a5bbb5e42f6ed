// A pool worker on node:worker_threads.
import { Worker, type WorkerOptions } from "node:worker_threads";
import { withNodeOptions, workerExecArgv, workerNodeOptions } from "./exec-argv.js";
import type { FromWorker } from "./protocol.js";
import { findTsxApi } from "./tsx-loader.js";
import { workerEntry, type SpawnOptions, type WorkerEvents, type WorkerHandle } from "./worker-handle.js";

/**
 * A Worker with this thread's flags. Node's own inheritance already leaves out the flags a worker
 * cannot take (V8 and per-process ones like --expose-gc), so execArgv is passed only when some flag
 * had to go; then the flags Node names as invalid for workers are dropped too. A worker thread
 * reads NODE_OPTIONS from its environment (for `--require`), so a TypeScript loader is taken out
 * of it as well. A worker for module tasks under tsx is also told where tsx is: tsx's hook does not
 * register itself in worker threads (on Node 20), so the worker registers it (tsx-loader.ts).
 */
function newWorker(options: SpawnOptions): Worker {
  const keep = { keepLoaders: options.loaders };
  const argv = workerExecArgv(process.execArgv, keep);
  const nodeOptions = workerNodeOptions(process.env["NODE_OPTIONS"], keep);
  const tsx = options.loaders ? findTsxApi() : null;
  const base: WorkerOptions = {
    ...(nodeOptions === process.env["NODE_OPTIONS"] ? {} : { env: withNodeOptions(nodeOptions) }),
    ...(tsx === null ? {} : { workerData: { tsx } }),
  };
  if (argv.length === process.execArgv.length) return new Worker(workerEntry(), base);
  try {
    return new Worker(workerEntry(), { ...base, execArgv: argv });
  } catch (error) {
    const m = (error as { code?: string; message?: string }).code === "ERR_WORKER_INVALID_EXEC_ARGV"
      ? /flags: (.*)$/.exec(String((error as Error).message))
      : null;
    if (m === null) throw error;
    const invalid = new Set(m[1]!.split(/,\s*/));
    return new Worker(workerEntry(), { ...base, execArgv: argv.filter((a) => !invalid.has(a.split("=")[0]!)) });
  }
}

/** Starts a worker thread running the worker script. */
export function spawnThread(events: WorkerEvents, options: SpawnOptions): WorkerHandle {
  const worker = newWorker(options);
  let uncaught: unknown = null;
  worker.on("message", (message: FromWorker) => events.onMessage(message));
  // An error outside any job (or process.exit) ends the thread: 'error' comes first, then 'exit'.
  worker.on("error", (error) => {
    uncaught = error;
  });
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", (code) => {
      const cause = uncaught instanceof Error ? uncaught : new Error(`the worker thread exited with code ${code}`);
      if (uncaught !== null && !(uncaught instanceof Error)) cause.cause = uncaught;
      events.onExit(cause);
      resolve();
    });
  });
  return {
    send: (message) => worker.postMessage(message),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: async () => {
      worker.ref(); // whoever awaits the exit must not see the process quit first
      await worker.terminate();
      await exited;
    },
  };
}
