// The global names a job sent by its source may use: those every Web Worker has, so the job means
// the same thing there as on the page. Anything else it names from outside its body would be a
// variable of the submitting module (or a global only the page has, such as `document`).

/** ECMAScript's own globals (a browser has no `node:vm` to list them from a fresh realm). */
const LANGUAGE = [
  "globalThis", "Infinity", "NaN", "undefined", "eval", "isFinite", "isNaN", "parseFloat", "parseInt",
  "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape",
  "AggregateError", "Array", "ArrayBuffer", "Atomics", "BigInt", "BigInt64Array", "BigUint64Array",
  "Boolean", "DataView", "Date", "Error", "EvalError", "FinalizationRegistry", "Float16Array",
  "Float32Array", "Float64Array", "Function", "Int8Array", "Int16Array", "Int32Array", "Intl",
  "Iterator", "JSON", "Map", "Math", "Number", "Object", "Promise", "Proxy", "RangeError",
  "ReferenceError", "Reflect", "RegExp", "Set", "SharedArrayBuffer", "String", "Symbol",
  "SyntaxError", "TypeError", "Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array",
  "URIError", "WeakMap", "WeakRef", "WeakSet", "SuppressedError", "DisposableStack",
  "AsyncDisposableStack", "WebAssembly",
];

/** What a DedicatedWorkerGlobalScope offers in current browsers, plus the job's `jobSignal`. */
const WORKER = [
  "self", "jobSignal", "console", "location", "navigator", "origin", "isSecureContext", "crossOriginIsolated",
  "setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "structuredClone",
  "reportError", "requestAnimationFrame", "cancelAnimationFrame", "atob", "btoa", "performance", "crypto",
  "fetch", "Request", "Response", "Headers", "FormData", "URL", "URLSearchParams", "URLPattern",
  "TextEncoder", "TextDecoder", "TextEncoderStream", "TextDecoderStream", "CompressionStream",
  "DecompressionStream", "AbortController", "AbortSignal", "Event", "EventTarget", "CustomEvent",
  "ErrorEvent", "DOMException", "MessageChannel", "MessagePort", "MessageEvent", "BroadcastChannel",
  "Blob", "File", "FileReader", "FileReaderSync", "ReadableStream", "WritableStream", "TransformStream",
  "ReadableStreamDefaultReader", "WritableStreamDefaultWriter", "ByteLengthQueuingStrategy",
  "CountQueuingStrategy", "indexedDB", "IDBKeyRange", "caches", "WebSocket", "XMLHttpRequest",
  "OffscreenCanvas", "ImageData", "ImageBitmap", "createImageBitmap", "Path2D", "DOMMatrix", "DOMPoint",
  "DOMRect", "PerformanceEntry", "PerformanceMark", "PerformanceMeasure", "PerformanceObserver",
  "Worker", "Notification", "Intl",
];

let allowed: ReadonlySet<string> | null = null;

/** The names a job may use without defining them. */
export function allowedGlobals(): ReadonlySet<string> {
  allowed ??= new Set([...LANGUAGE, ...WORKER]);
  return allowed;
}
