// A pool worker in a child process (fork with V8 serialization, so messages are structured clones).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FromWorker } from "./protocol.js";
import { withNodeOptions, workerExecArgv, workerNodeOptions } from "./exec-argv.js";
import { workerEntry, type SpawnOptions, type WorkerEvents, type WorkerHandle } from "./worker-handle.js";

/** How long a child gets to exit after SIGTERM before it is killed. */
const KILL_AFTER_MS = 2000;

/** Starts a child process running the worker script. */
export function spawnProcess(events: WorkerEvents, options: SpawnOptions): WorkerHandle {
  const keep = { keepLoaders: options.loaders };
  const nodeOptions = workerNodeOptions(process.env["NODE_OPTIONS"], keep);
  const child = fork(fileURLToPath(workerEntry()), [], {
    serialization: "advanced",
    execArgv: workerExecArgv(process.execArgv, keep),
    ...(nodeOptions === process.env["NODE_OPTIONS"] ? {} : { env: withNodeOptions(nodeOptions) }),
  });
  let spawnError: Error | null = null;
  let finish!: (cause: Error) => void;
  const exited = new Promise<void>((resolve) => {
    finish = (cause) => {
      finish = () => {};
      events.onExit(cause);
      resolve();
    };
  });
  child.on("message", (message) => events.onMessage(message as FromWorker));
  child.on("error", (error) => {
    spawnError ??= error;
    // A child that never started emits no 'exit'.
    if (child.pid === undefined) finish(new Error(`the worker process could not be started: ${error.message}`, { cause: error }));
  });
  child.once("exit", (code, signal) => {
    const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
    finish(new Error(`the worker process (pid ${child.pid}) ${how}`, spawnError !== null ? { cause: spawnError } : undefined));
  });
  return {
    send: (message) => {
      child.send(message);
    },
    ref: () => {
      child.ref();
      child.channel?.ref();
    },
    unref: () => {
      child.unref();
      child.channel?.unref();
    },
    terminate: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.ref(); // whoever awaits the exit must not see the process quit first
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS).unref();
      }
      await exited;
    },
  };
}
