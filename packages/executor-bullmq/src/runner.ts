// Where a worker runs a job's code: in its own process (inline), or on a local ThreadPoolExecutor
// or ProcessPoolExecutor of @aio/executor. Each runner gets the job's code and arguments and an
// AbortSignal that the job's `jobSignal()` follows.
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { BrokenExecutorError } from "@aio/core";
import { ProcessPoolExecutor, ThreadPoolExecutor, fromModule } from "@aio/executor";
import { _compileSource as compileSource, type _JobCode as JobCode } from "@aio/executor/internal";

/**
 * Where a worker runs each job: `"thread"` on a local `ThreadPoolExecutor`, `"process"` on a local
 * `ProcessPoolExecutor` (both with `concurrency` workers), `"inline"` in the worker's own process.
 * @public
 */
export type WorkerPoolKind = "thread" | "process" | "inline";

/**
 * How a running job is stopped: `abort(reason)` aborts its `jobSignal()` and tells whoever
 * listens. The AbortController is made only when the job asks for its signal or is aborted:
 * most jobs never do, and making one costs more than the rest of a small job's bookkeeping.
 */
export class JobControl {
  #controller: AbortController | null = null;
  #aborted = false;
  #reason: unknown = undefined;
  #listeners: ((reason: unknown) => void)[] = [];

  /** The job's `jobSignal()`. */
  get signal(): AbortSignal {
    if (this.#controller === null) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** Calls `listener(reason)` when the job is aborted (at once if it was). */
  onAbort(listener: (reason: unknown) => void): void {
    if (this.#aborted) listener(this.#reason);
    else this.#listeners.push(listener);
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener(reason);
  }
}

/** Runs jobs' code. */
export interface Runner {
  /**
   * Runs `code(...args)`: its value, or a promise of it (inline, a synchronous job's value comes
   * back as it is). `control` aborts the job's `jobSignal()` (and, on a pool, stops it after the
   * grace period).
   */
  run(code: JobCode, args: unknown[], control: JobControl): unknown;
  close(): Promise<void>;
}

type Fn = (...args: unknown[]) => unknown;

/** A compiled source, and whether it names `jobSignal` (only then does it need to find its job after an await). */
interface Compiled {
  readonly fn: Fn;
  readonly usesSignal: boolean;
}

/** Compiled sources, by their text: the same function is sent many times. */
class SourceCache {
  readonly #compiled = new Map<string, Compiled>();
  readonly #require = createRequire(pathToFileURL(`${process.cwd()}/`).href);

  get(code: Extract<JobCode, { kind: "source" }>): Compiled {
    const source = code.source ?? "";
    const key = code.shape === "expression" && code.prelude === undefined ? source : `${code.shape}\0${code.prelude ?? ""}\0${source}`;
    let compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      compiled = { fn: compileSource(code, this.#require), usesSignal: source.includes("jobSignal") };
      if (this.#compiled.size >= 1000) this.#compiled.clear();
      this.#compiled.set(key, compiled);
    }
    return compiled;
  }
}

/** The slot `jobSignal()` of \@aio/executor reads (a global symbol, shared by every copy of it). */
const JOB_SIGNAL_SLOT = Symbol.for("@aio/executor.jobSignal");

/**
 * Runs jobs in this process, several at once. `jobSignal()` finds its job through
 * AsyncLocalStorage for jobs that may call it after an await (module tasks, and functions whose
 * source names it), and through a plain variable during the synchronous call otherwise:
 * AsyncLocalStorage slows every promise of the process once it is in use.
 */
class InlineRunner implements Runner {
  readonly #sources = new SourceCache();
  readonly #modules = new Map<string, Promise<Record<string, unknown>>>();
  readonly #current = new AsyncLocalStorage<JobControl>();
  #calling: JobControl | null = null;

  constructor() {
    (globalThis as Record<symbol, unknown>)[JOB_SIGNAL_SLOT] = () => (this.#calling ?? this.#current.getStore())?.signal ?? null;
  }

  run(code: JobCode, args: unknown[], control: JobControl): unknown {
    if (code.kind === "module") return this.#export(code).then((fn) => this.#current.run(control, () => fn(...args)));
    const { fn, usesSignal } = this.#sources.get(code);
    if (usesSignal) return this.#current.run(control, () => fn(...args));
    const previous = this.#calling;
    this.#calling = control;
    try {
      return fn(...args);
    } finally {
      this.#calling = previous;
    }
  }

  async #export(code: Extract<JobCode, { kind: "module" }>): Promise<Fn> {
    let mod = this.#modules.get(code.url);
    if (mod === undefined) this.#modules.set(code.url, (mod = import(code.url) as Promise<Record<string, unknown>>));
    const fn = (await mod)[code.name];
    if (typeof fn !== "function") throw new TypeError(`fromModule: ${code.url} has no function export "${code.name}" (got ${typeof fn})`);
    return fn as Fn;
  }

  async close(): Promise<void> {}
}

/** Runs jobs on a local pool; a pool that a job broke (it exited its worker) is replaced. */
class PoolRunner implements Runner {
  readonly #make: () => ThreadPoolExecutor | ProcessPoolExecutor;
  #pool: ThreadPoolExecutor | ProcessPoolExecutor;
  readonly #sources = new SourceCache();
  readonly #modules = new Map<string, Fn>();

  constructor(make: () => ThreadPoolExecutor | ProcessPoolExecutor) {
    this.#make = make;
    this.#pool = make();
  }

  async run(code: JobCode, args: unknown[], control: JobControl): Promise<unknown> {
    const fn = code.kind === "source" ? this.#sources.get(code).fn : this.#task(code);
    let pool = this.#pool;
    let future;
    try {
      future = pool.submit(fn, ...args);
    } catch (error) {
      if (!(error instanceof BrokenExecutorError)) throw error;
      this.#replace(pool);
      pool = this.#pool;
      future = pool.submit(fn, ...args);
    }
    control.onAbort((reason) => void future.abort(reason));
    try {
      return await future;
    } catch (error) {
      if (error instanceof BrokenExecutorError) this.#replace(pool);
      throw error;
    }
  }

  #task(code: Extract<JobCode, { kind: "module" }>): Fn {
    const key = `${code.url}#${code.name}`;
    let task = this.#modules.get(key);
    if (task === undefined) this.#modules.set(key, (task = fromModule(code.url, code.name) as unknown as Fn));
    return task;
  }

  /** A job ended its worker (process.exit, a crash): the pool is broken; later jobs get a new one. */
  #replace(broken: ThreadPoolExecutor | ProcessPoolExecutor): void {
    if (this.#pool !== broken) return;
    void broken.shutdown({ wait: false });
    this.#pool = this.#make();
  }

  async close(): Promise<void> {
    await this.#pool.shutdown({ wait: true, cancelFutures: true });
  }
}

/** The runner for `kind`, with `concurrency` pool workers. */
export function makeRunner(kind: WorkerPoolKind, concurrency: number, cancelGracePeriod: number): Runner {
  switch (kind) {
    case "inline":
      return new InlineRunner();
    case "thread":
      return new PoolRunner(() => new ThreadPoolExecutor({ maxWorkers: concurrency, cancelGracePeriod }));
    case "process":
      return new PoolRunner(() => new ProcessPoolExecutor({ maxWorkers: concurrency, cancelGracePeriod }));
  }
}
