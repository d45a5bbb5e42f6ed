// The engine under both executors: a FIFO of jobs, up to maxWorkers workers that each run one job
// at a time, cancellation of queued and running jobs, the "broken" state, and shutdown.
// Invariants: a job leaves the queue only when a worker takes it (so cancel() of a queued job
// always wins); a worker whose running job was aborted stays busy until it reports back or is
// replaced after the grace period; every future ends finished or cancelled, also when a worker dies.
import type { BrokenExecutorError } from "@aio/core";
import { ConcurrentFuture } from "./concurrent-future.js";
import { hasTypeScriptLoader } from "./exec-argv.js";
import { jobCode } from "./job-code.js";
import { fromWire, toWire, type FromWorker, type JobCode } from "./protocol.js";
import { JobQueue, type Job } from "./job-queue.js";
import type { SpawnWorker, WorkerHandle } from "./worker-handle.js";

/** What makes a pool a thread pool or a process pool. */
export interface PoolKind {
  /** The executor's class name, for messages. */
  readonly name: string;
  readonly spawn: SpawnWorker;
  readonly Broken: new (message: string, options?: ErrorOptions) => BrokenExecutorError;
  /** Set on the futures that were queued or running when a worker died. */
  readonly brokenWhileRunning: string;
  /** Thrown by submit() afterwards. */
  readonly brokenUnusable: string;
}

/** One worker and what it is doing. */
interface Slot {
  readonly handle: WorkerHandle;
  /** Started with this process's TypeScript loader, so it can import fromModule modules written in TypeScript. */
  readonly loaders: boolean;
  job: Job | null;
  /** Source ids this worker has compiled, so their text is sent only once. */
  readonly known: Set<number>;
  /** The pool asked it to exit: its 'exit' is not a death. */
  exiting: boolean;
  referenced: boolean;
  /** Resolves when the worker said it is ready (or exited first). */
  readonly ready: Promise<void>;
  markReady(): void;
  graceTimer: ReturnType<typeof setTimeout> | null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class WorkerPool {
  readonly #kind: PoolKind;
  readonly #maxWorkers: number;
  readonly #graceMs: number;
  readonly #queue = new JobQueue();
  readonly #slots = new Set<Slot>();
  #idle: Slot[] = [];
  readonly #exiting = new Set<Promise<void>>();
  #nextJob = 1;
  #broken: Error | null = null;
  #shutdown = false;
  #drainWaiters: (() => void)[] = [];
  #closed: Promise<void> | null = null;
  /** This process runs under a TypeScript loader that workers start without unless they import modules. */
  readonly #loaderSplit = hasTypeScriptLoader();
  /** A module task was submitted: new workers start with the loader from now on. */
  #moduleMode = false;

  constructor(kind: PoolKind, maxWorkers: number, cancelGracePeriod: number) {
    this.#kind = kind;
    this.#maxWorkers = maxWorkers;
    this.#graceMs = cancelGracePeriod * 1000;
  }

  get maxWorkers(): number {
    return this.#maxWorkers;
  }

  submit<T>(fn: unknown, args: unknown[]): ConcurrentFuture<T> {
    return this.submitJob(this.prepare(fn, "submit"), args);
  }

  /**
   * Checks that the pool takes work and that `fn` can be a job, and returns how to send it; throws
   * what `submit` would. `method` names the caller in errors (`submit`, `map`).
   */
  prepare(fn: unknown, method: string): JobCode {
    this.#checkUsable(method);
    return jobCode(fn, `${this.#kind.name}.${method}(fn)`);
  }

  /** Queues a job checked by `prepare`, which must be called again if the pool may have changed since. */
  submitJob<T>(code: JobCode, args: unknown[]): ConcurrentFuture<T> {
    this.#checkUsable("submit");
    if (code.kind === "module") this.#moduleMode = true;
    const future = new ConcurrentFuture<T>();
    this.#queue.push({ id: this.#nextJob++, future: future as ConcurrentFuture<unknown>, code, args });
    this.#pump();
    return future;
  }

  /** Throws at once if the pool cannot start workers; the promise fails only if one fails to start. */
  start(): Promise<void> {
    this.#checkUsable("start");
    while (this.#slots.size < this.#maxWorkers && this.#broken === null) {
      const slot = this.#spawn(this.#moduleMode);
      if (slot !== null) this.#idle.push(slot);
    }
    return Promise.all([...this.#slots].map((slot) => slot.ready)).then(() => {
      if (this.#broken !== null) throw this.#brokenError(`${this.#kind.brokenUnusable} (${this.#kind.name}.start())`);
    });
  }

  shutdown(wait: boolean, cancelFutures: boolean): Promise<void> {
    this.#shutdown = true;
    if (cancelFutures) for (const job of this.#queue.drain()) job.future.cancel();
    this.#closed ??= new Promise<void>((resolve) => {
      this.#drainWaiters.push(resolve);
      this.#checkDrained();
    }).then(() => this.#terminateAll());
    return wait ? this.#closed : Promise.resolve();
  }

  toString(): string {
    const state = this.#broken !== null ? "broken" : this.#shutdown ? "shutdown" : "running";
    const busy = [...this.#slots].filter((slot) => slot.job !== null).length;
    return `<${this.#kind.name} ${state} maxWorkers=${this.#maxWorkers} workers=${this.#slots.size} busy=${busy} queued=${this.#queue.size}>`;
  }

  #checkUsable(what: string): void {
    if (this.#broken !== null) throw this.#brokenError(`${this.#kind.brokenUnusable} (${this.#kind.name}.${what}())`);
    if (this.#shutdown) {
      const cannot = what === "start" ? "cannot start workers" : "cannot schedule new futures";
      throw new Error(`${cannot} after shutdown (${this.#kind.name}.${what}())`);
    }
  }

  #brokenError(message: string): BrokenExecutorError {
    return new this.#kind.Broken(message, { cause: this.#broken });
  }


  /** Hands queued jobs to idle workers, starting workers while there is room. */
  #pump(): void {
    while (this.#broken === null) {
      const job = this.#queue.peekLive();
      if (job === undefined) return;
      const slot = this.#slotFor(job);
      if (slot === null) return;
      this.#queue.shift();
      if (job.future.setRunningOrNotifyCancel()) this.#dispatch(slot, job);
      else this.#idle.push(slot);
    }
  }

  /**
   * A worker for `job`: an idle one, or a new one while there is room. A module task needs a worker
   * started with the TypeScript loader (when this process has one); an idle worker without it is
   * replaced to make room.
   */
  #slotFor(job: Job): Slot | null {
    if (!this.#loaderSplit || job.code.kind !== "module") return this.#idle.pop() ?? this.#spawn(this.#moduleMode);
    const withLoaders = this.#idle.findLastIndex((slot) => slot.loaders);
    if (withLoaders >= 0) return this.#idle.splice(withLoaders, 1)[0] as Slot;
    if (this.#slots.size >= this.#maxWorkers) {
      const without = this.#idle.findIndex((slot) => !slot.loaders);
      if (without < 0) return null;
      const [plain] = this.#idle.splice(without, 1) as [Slot];
      this.#slots.delete(plain);
      this.#stop(plain);
    }
    return this.#spawn(true);
  }

  #dispatch(slot: Slot, job: Job): void {
    const code = job.code.kind === "source" && slot.known.has(job.code.id)
      ? { kind: job.code.kind, id: job.code.id, shape: job.code.shape }
      : job.code;
    try {
      slot.handle.send({ type: "run", job: job.id, code, args: job.args });
    } catch (error) {
      const where = `${this.#kind.name}.submit()`;
      job.future.setException(new TypeError(`${where}: the job could not be sent to the worker: ${messageOf(error)}`, { cause: error }));
      this.#idle.push(slot);
      return;
    }
    if (job.code.kind === "source") slot.known.add(job.code.id);
    job.args = [];
    slot.job = job;
    if (!slot.referenced) {
      slot.referenced = true;
      slot.handle.ref();
    }
    job.future._abortHandler = (reason) => this.#abortRunning(slot, job, reason);
  }

  #spawn(loaders: boolean): Slot | null {
    if (this.#slots.size >= this.#maxWorkers) return null;
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const slot: Slot = {
      handle: null as unknown as WorkerHandle, loaders: loaders || !this.#loaderSplit,
      job: null, known: new Set(), exiting: false, referenced: true, ready, markReady, graceTimer: null,
    };
    try {
      (slot as { handle: WorkerHandle }).handle = this.#kind.spawn({
        onMessage: (message) => this.#onMessage(slot, message),
        onExit: (cause) => this.#onExit(slot, cause),
      }, { loaders });
    } catch (error) {
      this.#breakPool(error instanceof Error ? error : new Error(String(error)));
      return null;
    }
    this.#slots.add(slot);
    return slot;
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === "ready") {
      slot.markReady();
      this.#unrefIfIdle(slot);
      return;
    }
    const job = slot.job;
    if (job === null || job.id !== message.job) return;
    slot.job = null;
    if (slot.graceTimer !== null) clearTimeout(slot.graceTimer);
    slot.graceTimer = null;
    // The worker is free before the future's callbacks run, so work they submit can use it.
    if (!slot.exiting && this.#broken === null) this.#idle.push(slot);
    if (!job.future.done()) {
      if (message.type === "ok") job.future.setResult(message.value);
      else job.future.setException(this.#failure(fromWire(message.error)));
    }
    this.#pump();
    this.#unrefIfIdle(slot);
    this.#checkDrained();
  }

  /**
   * What the job's future fails with. A job may throw anything, but undefined and null would look
   * like success to whoever reads `exception()`, and an \@aio future refuses undefined: the job
   * fails with a TypeError that says what it threw (as CPython's `raise None` is a TypeError).
   */
  #failure(thrown: unknown): unknown {
    if (thrown !== undefined && thrown !== null) return thrown;
    return new TypeError(
      `${this.#kind.name}: the job threw ${String(thrown)} (or its promise rejected with it); ` +
        "a job must fail with an error value, so it fails with this TypeError instead",
    );
  }

  #onExit(slot: Slot, cause: Error): void {
    slot.markReady();
    if (slot.exiting) return;
    this.#breakPool(cause);
  }

  #unrefIfIdle(slot: Slot): void {
    if (slot.job === null && slot.referenced && !slot.exiting) {
      slot.referenced = false;
      slot.handle.unref();
    }
  }

  /** A running job's future was aborted: tell the job, and replace its worker if it does not stop. */
  #abortRunning(slot: Slot, job: Job, reason: unknown): void {
    try {
      slot.handle.send({ type: "abort", job: job.id, reason: toWire(reason) });
    } catch {
      // The worker is gone or going; its exit is handled on its own.
    }
    slot.graceTimer = setTimeout(() => {
      slot.graceTimer = null;
      if (slot.job === job) this.#retire(slot);
    }, this.#graceMs);
  }

  /** Terminates a worker stuck in an aborted job; a new one is started when there is work. */
  #retire(slot: Slot): void {
    slot.job = null;
    this.#slots.delete(slot);
    this.#stop(slot);
    this.#pump();
    this.#checkDrained();
  }

  #stop(slot: Slot): void {
    slot.exiting = true;
    if (slot.graceTimer !== null) clearTimeout(slot.graceTimer);
    const exited = slot.handle.terminate().catch(() => {});
    this.#exiting.add(exited);
    void exited.then(() => this.#exiting.delete(exited));
  }

  /** A worker died unasked: fail everything queued or running, stop the others, refuse new work. */
  #breakPool(cause: Error): void {
    if (this.#broken !== null) return;
    this.#broken = cause;
    const error = this.#brokenError(this.#kind.brokenWhileRunning);
    const victims: Job[] = [...this.#queue.drain()];
    for (const slot of this.#slots) {
      if (slot.job !== null) victims.push(slot.job);
      slot.job = null;
      this.#stop(slot);
    }
    this.#slots.clear();
    this.#idle = [];
    for (const job of victims) if (!job.future.done()) job.future.setException(error);
    this.#checkDrained();
  }

  #checkDrained(): void {
    if (this.#drainWaiters.length === 0) return;
    for (const slot of this.#slots) if (slot.job !== null) return;
    if (this.#queue.peekLive() !== undefined) return;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async #terminateAll(): Promise<void> {
    for (const slot of this.#slots) this.#stop(slot);
    this.#slots.clear();
    this.#idle = [];
    await Promise.all([...this.#exiting]);
  }
}
