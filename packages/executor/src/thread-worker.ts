// A pool worker on node:worker_threads.
import { Worker } from "node:worker_threads";
import { workerExecArgv } from "./exec-argv.js";
import type { FromWorker } from "./protocol.js";
import { workerEntry, type WorkerEvents, type WorkerHandle } from "./worker-handle.js";

/** Starts a worker thread running the worker script. */
export function spawnThread(events: WorkerEvents): WorkerHandle {
  const worker = new Worker(workerEntry(), { execArgv: workerExecArgv() });
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
