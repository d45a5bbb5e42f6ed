// The Web Worker side of the pool: compile or import each job's function, run one job at a time,
// await it, and post back its value or its error. The same protocol as \@aio/executor's workers.
//
// `workerMain` must stay self-contained (no imports, no variables from this module): the pool sends
// its source text to the worker as a Blob (see spawn.ts), so that no bundler has to find, copy or
// rewrite a separate worker file. `startWorkerRuntime()` runs it in a worker script of the app's
// own, for pages whose Content-Security-Policy refuses blob: workers.

/**
 * @internal Runs the worker runtime in `scope` (a DedicatedWorkerGlobalScope). Self-contained: its
 * source text is what a blob: worker runs.
 */
export function workerMain(scope: typeof globalThis): void {
  type Fn = (...args: unknown[]) => unknown;
  type Wire =
    | { error: true; name: string; message: string; stack: string | undefined; props: Record<string, unknown>; cause?: Wire }
    | { error: false; value: unknown };
  type Code =
    | { kind: "source"; id: number; shape: "expression" | "method"; source?: string; prelude?: string }
    | { kind: "module"; url: string; name: string };
  type ToWorker = { type: "run"; job: number; code: Code; args: unknown[] } | { type: "abort"; job: number; reason: Wire };

  const worker = scope as unknown as {
    postMessage(message: unknown): void;
    addEventListener(type: string, fn: (event: { data?: unknown; reason?: unknown }) => void): void;
    close(): void;
  };
  const SLOT = Symbol.for("@aio/executor.jobSignal");
  const builtins: Record<string, ErrorConstructor> = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };
  const compiled = new Map<number, Fn>();
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  // The running job; its AbortController is made only when the job asks for it or is aborted.
  let current: { job: number; controller: AbortController | null } | null = null;
  const controllerOf = (job: { controller: AbortController | null }): AbortController => (job.controller ??= new AbortController());
  const jobSignal = (): AbortSignal => {
    if (current === null) throw new Error("jobSignal(): not inside a job running in an executor worker");
    return controllerOf(current).signal;
  };
  (scope as unknown as Record<symbol, unknown>)[SLOT] = () => (current === null ? null : controllerOf(current).signal);

  const cloneable = (value: unknown): boolean => {
    if (typeof value === "symbol" || typeof value === "function") return false;
    if (value === null || typeof value !== "object") return true;
    try {
      structuredClone(value);
      return true;
    } catch {
      return false;
    }
  };
  const toWire = (thrown: unknown, depth: number): Wire => {
    if (!(thrown instanceof Error)) {
      return cloneable(thrown) ? { error: false, value: thrown } : toWire(new Error(`non-Error thrown: ${String(thrown)}`), depth);
    }
    const props: Record<string, unknown> = {};
    for (const key of Object.keys(thrown)) {
      const value = (thrown as unknown as Record<string, unknown>)[key];
      if (key !== "cause" && cloneable(value)) props[key] = value;
    }
    const wire: Wire = { error: true, name: thrown.name, message: thrown.message, stack: thrown.stack, props };
    if (thrown.cause !== undefined && depth < 4) wire.cause = toWire(thrown.cause, depth + 1);
    return wire;
  };
  const fromWire = (wire: Wire): unknown => {
    if (!wire.error) return wire.value;
    const error = new (builtins[wire.name] ?? Error)(wire.message);
    if (error.name !== wire.name) Object.defineProperty(error, "name", { value: wire.name, writable: true, configurable: true });
    Object.assign(error, wire.props);
    return error;
  };

  const compile = (code: Extract<Code, { kind: "source" }>): Fn => {
    let fn = compiled.get(code.id);
    if (fn === undefined) {
      if (code.source === undefined) throw new Error(`internal: worker has no source for function ${code.id}`);
      // `jobSignal` is a parameter of the wrapper, so the job sees it as a global; the compiler
      // helpers it calls (`__name`) are defined in the wrapper, in front of it.
      const prelude = code.prelude === undefined || code.prelude === "" ? "" : `${code.prelude}\n`;
      const body = code.shape === "method"
        ? `"use strict"; ${prelude}const o = ({${code.source}\n}); return o[Reflect.ownKeys(o)[0]];`
        : `"use strict"; ${prelude}return (${code.source}\n);`;
      fn = new Function("jobSignal", body)(jobSignal) as Fn;
      compiled.set(code.id, fn);
    }
    return fn;
  };

  const callModule = async (code: Extract<Code, { kind: "module" }>, args: unknown[]): Promise<unknown> => {
    let mod = modules.get(code.url);
    if (mod === undefined) modules.set(code.url, (mod = import(/* @vite-ignore */ code.url) as Promise<Record<string, unknown>>));
    const fn = (await mod)[code.name];
    if (typeof fn !== "function") throw new TypeError(`fromModule: ${code.url} has no function export "${code.name}" (got ${typeof fn})`);
    return (fn as Fn)(...args);
  };

  const reply = (message: { type: "ok"; job: number; value: unknown } | { type: "err"; job: number; error: Wire }): void => {
    try {
      worker.postMessage(message);
    } catch (error) {
      // The value could not be cloned: the job fails with an error that says so.
      const reason = error instanceof Error ? error.message : String(error);
      const failure = new TypeError(`the job's result could not be sent back from the worker (structured clone failed: ${reason})`);
      worker.postMessage({ type: "err", job: message.job, error: toWire(failure, 0) });
    }
  };

  const run = async (job: number, code: Code, args: unknown[]): Promise<void> => {
    current = { job, controller: null };
    try {
      const result = code.kind === "source" ? compile(code)(...args) : callModule(code, args);
      const value = result !== null && (typeof result === "object" || typeof result === "function") &&
        typeof (result as PromiseLike<unknown>).then === "function" ? await result : result;
      reply({ type: "ok", job, value });
    } catch (error) {
      reply({ type: "err", job, error: toWire(error, 0) });
    } finally {
      if (current?.job === job) current = null;
    }
  };

  // A job that closes its worker would leave its future pending for good (a closed worker sends no
  // event): say so first, and the pool treats it as a worker that died.
  const close = worker.close.bind(worker);
  worker.close = () => {
    worker.postMessage({ type: "closing" });
    close();
  };
  // A promise a job left behind that rejects unhandled kills the worker, as in Node's threads: the
  // error reaches the pool as the worker's "error" event.
  worker.addEventListener("unhandledrejection", (event) => {
    throw event.reason instanceof Error ? event.reason : new Error(`unhandled rejection in a job: ${String(event.reason)}`);
  });
  worker.addEventListener("message", (event) => {
    const message = event.data as ToWorker;
    if (message.type === "run") {
      void run(message.job, message.code, message.args);
    } else if (message.type === "abort" && current?.job === message.job) {
      controllerOf(current).abort(fromWire(message.reason));
    }
  });
  worker.postMessage({ type: "ready" });
}

/**
 * Runs the job runtime of {@link WebWorkerExecutor} in this Web Worker: the whole body of a worker
 * script of your own, for pages whose Content-Security-Policy refuses the `blob:` worker the pool
 * starts by default.
 *
 * @remarks
 * Put `import { startWorkerRuntime } from "@aio/executor-web"; startWorkerRuntime();` in a module,
 * let your bundler emit it as a worker (`new URL("./jobs-worker.ts", import.meta.url)`), and pass
 * its URL as the pool's `workerUrl` option. The pool starts it as a module worker.
 * @throws Error if called outside a Web Worker.
 * @public
 */
export function startWorkerRuntime(): void {
  const scope = globalThis as { postMessage?: unknown; document?: unknown; close?: unknown };
  if (typeof scope.postMessage !== "function" || typeof scope.close !== "function" || scope.document !== undefined) {
    throw new Error("startWorkerRuntime(): call it in a Web Worker (the script given as WebWorkerExecutor's workerUrl)");
  }
  workerMain(globalThis);
}
