// Starting one Web Worker for the pool: from a blob: URL holding the worker runtime's source (the
// default: nothing for a bundler to find or copy), or from a URL the page serves it at.
import type { FromWorker, ToWorker } from "./protocol.js";
import { workerMain } from "./worker-main.js";

/** A running worker, seen from the pool. */
export interface WorkerHandle {
  /** Posts a message; throws synchronously if it cannot be cloned. */
  send(message: ToWorker): void;
  /** Stops the worker at once (Web Workers stop synchronously). Safe to call again. */
  terminate(): void;
}

/** What a worker tells its pool. */
export interface WorkerEvents {
  onMessage(message: FromWorker): void;
  /** The worker died: an uncaught error, a script that failed to load, or a job that closed it. */
  onDeath(cause: Error): void;
  /** A message from the worker could not be read (`messageerror`). */
  onMessageError(cause: Error): void;
}

/** How the pool starts its workers. */
export interface SpawnOptions {
  /** The worker script's URL, or null for the blob: runtime. */
  readonly workerUrl: string | null;
  /** The name shown in the browser's devtools. */
  readonly name: string;
}

let blobUrl: string | null = null;

/** The blob: URL of the worker runtime, made once per page. */
function runtimeUrl(): string {
  if (blobUrl === null) {
    // The two helpers esbuild's keepNames may call inside a function it rewrote: defined in front,
    // so the runtime's text still runs if a bundler named its functions.
    const helpers = 'var __defProp = Object.defineProperty; var __name = (t, v) => __defProp(t, "name", { value: v, configurable: true });';
    const source = `${helpers}\n(${workerMain.toString()})(self);\n`;
    blobUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  }
  return blobUrl;
}

// The few Web Worker types used here, declared locally: this file is type-checked from its sources
// by Node-only configurations too (the umbrella's tests, the guide), which have no DOM lib.
interface WorkerErrorEvent {
  error: unknown;
  message: string;
  filename: string;
  lineno: number;
  colno: number;
  preventDefault(): void;
}
interface PageWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: "message", listener: (event: { data: FromWorker }) => void): void;
  addEventListener(type: "error", listener: (event: WorkerErrorEvent) => void): void;
  addEventListener(type: "messageerror", listener: () => void): void;
}
type WorkerConstructor = new (url: string, options: { type: "module"; name?: string | undefined }) => PageWorker;

/** Starts a worker; throws if the browser refuses to (no Worker, a bad URL, a CSP). */
export function spawnWorker(events: WorkerEvents, options: SpawnOptions): WorkerHandle {
  const Worker = (globalThis as { Worker?: WorkerConstructor }).Worker;
  if (typeof Worker !== "function") throw new Error("this runtime has no Web Workers (Worker is not defined)");
  const worker = new Worker(options.workerUrl ?? runtimeUrl(), { type: "module", name: options.name });
  let dead = false;
  const die = (cause: Error): void => {
    if (dead) return;
    dead = true;
    worker.terminate();
    events.onDeath(cause);
  };
  worker.addEventListener("message", (event) => {
    if (dead) return;
    if (event.data.type === "closing") die(new Error("a job closed its worker (self.close())"));
    else events.onMessage(event.data);
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault(); // the pool reports it through the futures; no second report on the console
    const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : "";
    const cause = event.error instanceof Error
      ? event.error
      : new Error(`${event.message || "the worker failed to start or threw an uncaught error"}${where}`);
    die(cause);
  });
  worker.addEventListener("messageerror", () => {
    if (!dead) events.onMessageError(new TypeError("a message from the worker could not be deserialized (messageerror)"));
  });
  return {
    send: (message) => worker.postMessage(message),
    terminate: () => {
      dead = true;
      worker.terminate();
    },
  };
}
