// The script a worker thread or child process starts from (compiled to dist/worker-entry.js).
// It is the only module of the package with side effects, and nothing imports it.
import { parentPort, workerData } from "node:worker_threads";
import { serve } from "./worker-runtime.js";
import type { TsxApi } from "./tsx-loader.js";
import type { FromWorker, ToWorker } from "./protocol.js";

const port = parentPort;
if (port !== null) {
  // A thread that may import TypeScript modules registers tsx itself (see tsx-loader.ts).
  const tsx = (workerData as { tsx?: TsxApi } | null | undefined)?.tsx;
  serve({
    send: (message: FromWorker) => port.postMessage(message),
    onMessage: (handler: (message: ToWorker) => void) => port.on("message", handler),
  }, { tsx });
} else if (typeof process.send === "function") {
  // The pool went away (it exited or was killed): nobody is left to take results, so the worker
  // ends, quietly. It may learn so from 'disconnect', or only when a reply fails to go out (a job
  // that kept the thread busy finishes after its parent died), which must not crash with EPIPE.
  const orphaned = (): never => process.exit(0);
  const send = process.send.bind(process);
  serve({
    send: (message: FromWorker) => {
      if (!process.connected) orphaned();
      // A message that does not clone still throws here, synchronously; a broken channel only
      // reaches the callback.
      send(message, undefined, undefined, (error: Error | null) => {
        if (error !== null && error !== undefined) orphaned();
      });
    },
    onMessage: (handler: (message: ToWorker) => void) => process.on("message", handler as (m: unknown) => void),
  });
  process.on("disconnect", orphaned);
} else {
  throw new Error("@aio/executor worker-entry.js is started by ThreadPoolExecutor and ProcessPoolExecutor, not directly");
}
