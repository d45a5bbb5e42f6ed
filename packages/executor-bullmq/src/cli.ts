#!/usr/bin/env node
// aio-worker: the command-line worker. Serves one queue until SIGTERM or SIGINT; the first signal
// lets the running jobs finish (for --grace seconds, then hands them back to the queue), a second
// one hands them back at once.
import { parseWorkerArgs, USAGE } from "./cli-args.js";
import { startWorker } from "./worker.js";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseWorkerArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`aio-worker: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === "help") {
    console.log(USAGE);
    return 0;
  }
  const { grace, ...options } = parsed;
  const worker = await startWorker(options);
  console.log(
    `aio-worker: ready (pid ${process.pid}, queue ${worker.queue}, concurrency ${worker.concurrency}, pool ${worker.pool})`,
  );
  let signals = 0;
  const stop = (signal: string): void => {
    signals++;
    if (signals === 1) {
      console.log(`aio-worker: ${signal}: finishing ${worker.running} running job(s), then exiting`);
      void worker.close({ grace }).then(() => process.exit(0), (error: unknown) => {
        console.error(`aio-worker: ${(error as Error).message}`);
        process.exit(1);
      });
    } else {
      console.log(`aio-worker: ${signal} again: handing the running jobs back to the queue`);
      void worker.close({ grace: 0 });
    }
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(`aio-worker: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
