// The global names a job sent by its source may use: they exist in every worker thread and child
// process, so the job means the same thing there as here.
import { runInNewContext } from "node:vm";

// Node's own globals (and the web APIs Node 20 provides globally). Anything else a job names from
// outside its body would be the submitting module's variable, which the worker does not have.
const NODE_GLOBALS = [
  "global", "process", "Buffer", "console", "require", "jobSignal",
  "setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate",
  "queueMicrotask", "structuredClone", "atob", "btoa", "performance", "crypto", "fetch",
  "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "AbortController", "AbortSignal",
  "Event", "EventTarget", "CustomEvent", "DOMException", "MessageChannel", "MessagePort",
  "MessageEvent", "BroadcastChannel", "Blob", "File", "FormData", "Headers", "Request", "Response",
  "ReadableStream", "WritableStream", "TransformStream", "ReadableStreamDefaultReader",
  "WritableStreamDefaultWriter", "ByteLengthQueuingStrategy", "CountQueuingStrategy",
  "TextEncoderStream", "TextDecoderStream", "CompressionStream", "DecompressionStream",
  "PerformanceEntry", "PerformanceMark", "PerformanceMeasure", "PerformanceObserver",
  "PerformanceObserverEntryList", "PerformanceResourceTiming", "WebAssembly", "navigator",
];

let allowed: ReadonlySet<string> | null = null;

/** The names a job may use without defining them: ECMAScript built-ins plus Node's globals. */
export function allowedGlobals(): ReadonlySet<string> {
  // A fresh context holds exactly the language's built-ins, whatever this process has added.
  allowed ??= new Set([
    ...Object.getOwnPropertyNames(runInNewContext("globalThis") as object),
    ...NODE_GLOBALS,
  ]);
  return allowed;
}
