// The script a worker thread or child process starts from (compiled to dist/worker-entry.js).
// It is the only module of the package with side effects, and nothing imports it.
import { parentPort } from "node:worker_threads";
import { serve } from "./worker-runtime.js";
import type { FromWorker, ToWorker } from "./protocol.js";

const port = parentPort;
if (port !== null) {
  serve({
    send: (message: FromWorker) => port.postMessage(message),
    onMessage: (handler: (message: ToWorker) => void) => port.on("message", handler),
  });
} else if (typeof process.send === "function") {
  const send = process.send.bind(process);
  serve({
    send: (message: FromWorker) => void send(message),
    onMessage: (handler: (message: ToWorker) => void) => process.on("message", handler as (m: unknown) => void),
  });
  // The pool went away (it exited or was killed): nobody is left to take results.
  process.on("disconnect", () => process.exit(0));
} else {
  throw new Error("@aio/executor worker-entry.js is started by ThreadPoolExecutor and ProcessPoolExecutor, not directly");
}
