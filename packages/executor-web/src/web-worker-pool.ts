// The engine under WebWorkerExecutor, \@aio/executor's WorkerPool on Web Workers: a FIFO of jobs, up
// to maxWorkers workers that each run one job at a time, cancellation of queued and running jobs,
// the "broken" state, and shutdown.
// Invariants: a job leaves the queue only when a worker takes it (so cancel() of a queued job
// always wins); a worker whose running job was aborted stays busy until it reports back or is
// replaced after the grace period; every future ends finished or cancelled, also when a worker dies.
import { _describe as describe } from "@aio/core";
import { ConcurrentFuture } from "@aio/executor";
import { BrokenWebWorkerPool } from "./broken.js";
import { functionSource } from "./function-source.js";
import { _JobQueue as JobQueue, _fromWire as fromWire, _toWire as toWire, type _Job as Job } from "@aio/executor/internal";
import type { ResolvedOptions } from "./options.js";
import type { FromWorker, JobCode } from "./protocol.js";
import { spawnWorker, type WorkerHandle } from "./spawn.js";

const NAME = "WebWorkerExecutor";
const MODULE_TASK = Symbol.for("@aio/executor.moduleTask");
const BROKEN_WHILE_RUNNING = "A worker of the Web Worker pool died while the future was running or pending.";
const BROKEN_UNUSABLE = "A worker of the pool died, the Web Worker pool is not usable anymore";

/** One worker and what it is doing. */
interface Slot {
  readonly handle: WorkerHandle;
  job: Job | null;
  /** Source ids this worker has compiled, so their text is sent only once. */
  readonly known: Set<number>;
  /** The pool stopped it: nothing it does counts any more. */
  exiting: boolean;
  /** Resolves when the worker said it is ready (or died first). */
  readonly ready: Promise<void>;
  markReady(): void;
  graceTimer: ReturnType<typeof setTimeout> | null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A module task made by \@aio/executor's `fromModule` (any copy of it: the brand is a registered symbol). */
function isModuleTask(fn: unknown): fn is { moduleUrl: string; exportName: string } {
  return typeof fn === "function" && (fn as unknown as Record<symbol, unknown>)[MODULE_TASK] === true;
}

export class WebWorkerPool {
  readonly #options: ResolvedOptions;
  readonly #graceMs: number;
  readonly #queue = new JobQueue();
  readonly #slots = new Set<Slot>();
  #idle: Slot[] = [];
  #nextJob = 1;
  #nextWorker = 1;
  #broken: Error | null = null;
  #shutdown = false;
  #drainWaiters: (() => void)[] = [];
  #closed: Promise<void> | null = null;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#graceMs = options.cancelGracePeriod * 1000;
  }

  get maxWorkers(): number {
    return this.#options.maxWorkers;
  }

  /**
   * Checks that the pool takes work and that `fn` can be a job, and returns how to send it; throws
   * what `submit` would. `method` names the caller in errors (`submit`, `map`).
   */
  prepare(fn: unknown, method: string): JobCode {
    this.#checkUsable(method);
    const where = `${NAME}.${method}(fn)`;
    if (isModuleTask(fn)) return { kind: "module", url: fn.moduleUrl, name: fn.exportName };
    if (typeof fn !== "function") throw new TypeError(`${where}: expected a function or a fromModule() task, got ${describe(fn)}`);
    const { id, source, shape, prelude } = functionSource(fn, where);
    return prelude === "" ? { kind: "source", id, shape, source } : { kind: "source", id, shape, source, prelude };
  }

  /** Queues a job checked by `prepare`. */
  submitJob<T>(code: JobCode, args: unknown[]): ConcurrentFuture<T> {
    this.#checkUsable("submit");
    const future = new ConcurrentFuture<T>();
    this.#queue.push({ id: this.#nextJob++, future: future as ConcurrentFuture<unknown>, code, args });
    this.#pump();
    return future;
  }

  /** Throws at once if the pool cannot start workers; the promise fails only if one dies while starting. */
  start(): Promise<void> {
    this.#checkUsable("start");
    while (this.#slots.size < this.#options.maxWorkers && this.#broken === null) {
      const slot = this.#spawn();
      if (slot !== null) this.#idle.push(slot);
    }
    return Promise.all([...this.#slots].map((slot) => slot.ready)).then(() => {
      if (this.#broken !== null) throw this.#brokenError(`${BROKEN_UNUSABLE} (${NAME}.start())`);
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
    return `<${NAME} ${state} maxWorkers=${this.#options.maxWorkers} workers=${this.#slots.size} busy=${busy} queued=${this.#queue.size}>`;
  }

  #checkUsable(what: string): void {
    if (this.#broken !== null) throw this.#brokenError(`${BROKEN_UNUSABLE} (${NAME}.${what}())`);
    if (this.#shutdown) {
      const cannot = what === "start" ? "cannot start workers" : "cannot schedule new futures";
      throw new Error(`${cannot} after shutdown (${NAME}.${what}())`);
    }
  }

  #brokenError(message: string): BrokenWebWorkerPool {
    return new BrokenWebWorkerPool(message, { cause: this.#broken });
  }

  /** Hands queued jobs to idle workers, starting workers while there is room. */
  #pump(): void {
    while (this.#broken === null) {
      const job = this.#queue.peekLive();
      if (job === undefined) return;
      const slot = this.#idle.pop() ?? this.#spawn();
      if (slot === null) return;
      this.#queue.shift();
      if (job.future.setRunningOrNotifyCancel()) this.#dispatch(slot, job);
      else this.#idle.push(slot);
    }
  }

  #dispatch(slot: Slot, job: Job): void {
    const code = job.code.kind === "source" && slot.known.has(job.code.id)
      ? { kind: job.code.kind, id: job.code.id, shape: job.code.shape }
      : job.code;
    try {
      slot.handle.send({ type: "run", job: job.id, code, args: job.args });
    } catch (error) {
      job.future.setException(new TypeError(`${NAME}.submit(): the job could not be sent to the worker: ${messageOf(error)}`, { cause: error }));
      this.#idle.push(slot);
      return;
    }
    if (job.code.kind === "source") slot.known.add(job.code.id);
    job.args = [];
    slot.job = job;
    job.future._abortHandler = (reason) => this.#abortRunning(slot, job, reason);
  }

  #spawn(): Slot | null {
    if (this.#slots.size >= this.#options.maxWorkers) return null;
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const slot: Slot = { handle: null as unknown as WorkerHandle, job: null, known: new Set(), exiting: false, ready, markReady, graceTimer: null };
    try {
      (slot as { handle: WorkerHandle }).handle = spawnWorker({
        onMessage: (message) => this.#onMessage(slot, message),
        onDeath: (cause) => this.#onDeath(slot, cause),
        onMessageError: (cause) => this.#onMessageError(slot, cause),
      }, { workerUrl: this.#options.workerUrl, name: `${this.#options.name}-${this.#nextWorker++}` });
    } catch (error) {
      this.#breakPool(error instanceof Error ? error : new Error(String(error)));
      return null;
    }
    this.#slots.add(slot);
    return slot;
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    if (slot.exiting) return;
    if (message.type === "ready") {
      slot.markReady();
      return;
    }
    if (message.type === "closing") return; // handled by spawn.ts as a death
    const job = slot.job;
    if (job === null || job.id !== message.job) return;
    const outcome = message.type === "ok"
      ? { ok: true as const, value: message.value }
      : { ok: false as const, error: this.#failure(fromWire(message.error)) };
    this.#finishJob(slot, job, outcome);
  }

  /** A message from the worker was lost: the job it carried fails (one job per worker: the running one). */
  #onMessageError(slot: Slot, cause: Error): void {
    const job = slot.job;
    if (job === null || slot.exiting) return;
    this.#finishJob(slot, job, { ok: false, error: cause });
  }

  /** The worker's job ended: free the worker first, then complete the future and hand out more work. */
  #finishJob(slot: Slot, job: Job, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
    slot.job = null;
    if (slot.graceTimer !== null) clearTimeout(slot.graceTimer);
    slot.graceTimer = null;
    // The worker is free before the future's callbacks run, so work they submit can use it.
    if (!slot.exiting && this.#broken === null) this.#idle.push(slot);
    if (!job.future.done()) {
      if (outcome.ok) job.future.setResult(outcome.value);
      else job.future.setException(outcome.error);
    }
    this.#pump();
    this.#checkDrained();
  }

  /**
   * What the job's future fails with: a job that throws undefined or null fails with a TypeError
   * that says so (an error value is needed to tell failure from success), as in \@aio/executor.
   */
  #failure(thrown: unknown): unknown {
    if (thrown !== undefined && thrown !== null) return thrown;
    return new TypeError(
      `${NAME}: the job threw ${String(thrown)} (or its promise rejected with it); ` +
        "a job must fail with an error value, so it fails with this TypeError instead",
    );
  }

  #onDeath(slot: Slot, cause: Error): void {
    slot.markReady();
    if (slot.exiting) return;
    this.#breakPool(cause);
  }

  /** A running job's future was aborted: tell the job, and replace its worker if it does not stop. */
  #abortRunning(slot: Slot, job: Job, reason: unknown): void {
    try {
      slot.handle.send({ type: "abort", job: job.id, reason: toWire(reason) });
    } catch {
      // The worker is gone or going; its death is handled on its own.
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
    slot.graceTimer = null;
    slot.markReady();
    slot.handle.terminate();
  }

  /** A worker died unasked: fail everything queued or running, stop the others, refuse new work. */
  #breakPool(cause: Error): void {
    if (this.#broken !== null) return;
    this.#broken = cause;
    const error = this.#brokenError(BROKEN_WHILE_RUNNING);
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

  #terminateAll(): void {
    for (const slot of this.#slots) this.#stop(slot);
    this.#slots.clear();
    this.#idle = [];
  }
}
