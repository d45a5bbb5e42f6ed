// The worker side of a pool, the same for threads and child processes: compile or import the job's
// function, run one job at a time, await it, and send back its value or its error.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { JOB_SIGNAL_SLOT, jobSignal } from "./job-signal.js";
import { callExport } from "./from-module.js";
import { fromWire, toWire, type FromWorker, type JobCode, type ToWorker } from "./protocol.js";
import { explainImportError, registerTsx, type TsxApi } from "./tsx-loader.js";

/** How the runtime talks to its pool: a MessagePort or the IPC channel of a child process. */
export interface WorkerChannel {
  send(message: FromWorker): void;
  onMessage(handler: (message: ToWorker) => void): void;
}

type Fn = (...args: unknown[]) => unknown;

/**
 * For the \@aio executors: turns a job's source (from {@link _jobCode}) back into a function, in
 * this thread, as the local pools' workers do.
 *
 * @remarks
 * `jobSignal` and `require` are parameters of a wrapper, so the job sees them as globals; the
 * compiler helpers it calls (`__name`, …) are defined in the wrapper, in front of it. The function
 * is compiled each time: callers cache it.
 * @param code - A source job, with its `source`.
 * @param require - What the job's `require` is (a worker resolves from its working directory).
 * @throws Error if `code` has no source text; SyntaxError if the source does not compile.
 * @public
 */
export function compileSource(code: Extract<JobCode, { kind: "source" }>, require: NodeRequire): (...args: unknown[]) => unknown {
  if (code.source === undefined) throw new Error(`internal: worker has no source for function ${code.id}`);
  const prelude = code.prelude === undefined || code.prelude === "" ? "" : `${code.prelude}\n`;
  const body = code.shape === "method"
    ? `"use strict"; ${prelude}const o = ({${code.source}\n}); return o[Reflect.ownKeys(o)[0]];`
    : `"use strict"; ${prelude}return (${code.source}\n);`;
  return new Function("jobSignal", "require", body)(jobSignal, require) as Fn;
}

/** Options of {@link serve}. */
export interface ServeOptions {
  /** tsx to register before the first module import (a worker thread's; a child process has it from its flags). */
  readonly tsx?: TsxApi | undefined;
}

/** Runs jobs sent over `channel` until the pool terminates this worker. */
export function serve(channel: WorkerChannel, options: ServeOptions = {}): void {
  const compiled = new Map<number, Fn>();
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  // Resolves once this worker can import modules: to why it has no tsx, or undefined.
  let tsxReady: Promise<string | undefined> | undefined;
  // A function job's `require` resolves like a script in the working directory would.
  const localRequire = createRequire(pathToFileURL(`${process.cwd()}/`).href);
  // The running job; its AbortController is made only when the job asks for it or is aborted.
  let current: { job: number; controller: AbortController | null } | null = null;
  const controllerOf = (job: { controller: AbortController | null }) => (job.controller ??= new AbortController());
  (globalThis as Record<symbol, unknown>)[JOB_SIGNAL_SLOT] = () => (current === null ? null : controllerOf(current).signal);

  function compile(code: Extract<JobCode, { kind: "source" }>): Fn {
    let fn = compiled.get(code.id);
    if (fn === undefined) {
      fn = compileSource(code, localRequire);
      compiled.set(code.id, fn);
    }
    return fn;
  }

  async function callModule(code: Extract<JobCode, { kind: "module" }>, args: unknown[]): Promise<unknown> {
    let mod = modules.get(code.url);
    if (mod === undefined) modules.set(code.url, (mod = importModule(code.url)));
    return callExport(await mod, code.url, code.name, args);
  }

  async function importModule(url: string): Promise<Record<string, unknown>> {
    const noTsx = options.tsx === undefined ? undefined : await (tsxReady ??= registerTsx(options.tsx));
    try {
      return (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw explainImportError(error, url, noTsx);
    }
  }

  async function run(job: number, code: JobCode, args: unknown[]): Promise<void> {
    current = { job, controller: null };
    try {
      const result = code.kind === "source" ? compile(code)(...args) : callModule(code, args);
      const value = isThenable(result) ? await result : result;
      reply({ type: "ok", job, value }, job);
    } catch (error) {
      reply({ type: "err", job, error: toWire(error) }, job);
    } finally {
      if (current?.job === job) current = null;
    }
  }

  function reply(message: FromWorker, job: number): void {
    try {
      channel.send(message);
    } catch (error) {
      // The value could not be cloned: the job fails with an error that says so.
      const reason = error instanceof Error ? error.message : String(error);
      const failure = new TypeError(`the job's result could not be sent back from the worker (structured clone failed: ${reason})`);
      channel.send({ type: "err", job, error: toWire(failure) });
    }
  }

  channel.onMessage((message) => {
    if (message.type === "run") {
      void run(message.job, message.code, message.args);
    } else if (message.type === "abort" && current?.job === message.job) {
      controllerOf(current).abort(fromWire(message.reason));
    }
  });
  channel.send({ type: "ready" });
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as PromiseLike<unknown>).then === "function";
}
