// BullMQExecutor: core's Executor over a BullMQ queue. Jobs go in with Queue.addBulk (one round
// trip per batch of submits made in the same turn), results come back through QueueEvents (a Redis
// stream every client of the queue reads), cancellation goes out by Queue.remove for a queued job
// and by a pub/sub message that workers turn into Worker.cancelJob for a running one.
// Invariants: every future ends finished or cancelled, also when Redis goes away (the executor
// breaks after `reconnectTimeout`); events of jobs that are not ours, or whose future is done, are
// ignored.
import { randomBytes } from "node:crypto";
import { _describe as describe, type Executor, type ShutdownOptions } from "@aio/core";
import { ConcurrentFuture } from "@aio/executor";
import {
  _checkOptionsObject as checkOptionsObject,
  _jobCode as jobCode,
  _mapJobs as mapJobs,
  type _JobCode as JobCode,
} from "@aio/executor/internal";
import { Queue, QueueEvents, type BulkJobOptions } from "bullmq";
import type { Redis } from "ioredis";
import { cancelChannel, decodeError, decodeValue, encodeValue, errorKey, toWireCode, type CancelMessage, type JobData, type WireCode } from "./codec.js";
import { BrokenBullMQExecutor } from "./errors.js";
import { resolveExecutorOptions, type BullMQExecutorOptions, type ResolvedExecutorOptions } from "./options.js";

/** A submitted job, from `submit` until its future is done. */
interface Entry {
  readonly id: string;
  readonly name: string;
  readonly future: ConcurrentFuture<unknown>;
  /** Dropped once the job is in Redis. */
  data: JobData | null;
  state: "batched" | "adding" | "added";
  /** What `abort(reason)` passed, for the worker's `jobSignal().reason`. */
  reason: unknown;
}

/** The part of an ioredis client the executor watches. */
interface Watched {
  on(event: "close" | "ready", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** How many jobs go in one addBulk (one MULTI). */
const BULK = 1000;
/** BullMQ trims its event stream to about this many events; the executor reads results from it. */
const EVENTS_MAX_LEN = 100_000;
/** After a reconnection, how long a job that Redis no longer has gets for its event to arrive. */
const LOST_JOB_GRACE_MS = 1000;

const SHUTDOWN_OPTIONS: ReadonlySet<string> = new Set(["wait", "cancelFutures"]);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An executor whose workers are other processes, on this machine or others, that take jobs from a
 * BullMQ queue in Redis (what Dask's and Ray's executors are to `concurrent.futures`).
 *
 * @remarks
 * Implements core's `Executor`, so `loop.runInExecutor(executor, fn, ...args)`, `wrapFuture`,
 * `map` and `await using` work as with a `ProcessPoolExecutor`; `loop.setDefaultExecutor(executor)`
 * sends `toThread` jobs there too. Jobs are run by workers started with {@link startWorker} or the
 * `aio-worker` command on the same Redis and queue.
 *
 * A job is a self-contained function (sent as its source text, under the local pools' rules) or a
 * `fromModule(url, exportName)` task, whose module the workers import from the same path.
 * Arguments and results are copied by V8 serialization (the structured clone a process pool
 * uses); a value that does not clone fails the job's future with a TypeError. An error thrown by
 * the job reaches the future with its class name, message, stack, fields and `cause`.
 *
 * Differences from a local pool: a job runs `jobOptions.attempts` times at most (1 by default),
 * and one whose worker died is run again or fails with {@link WorkerLostError} accordingly; a
 * future turns `running` when the executor hears that a worker took the job (a Redis round trip
 * later), so `cancel()` may still return true for a job that has just started, which is then
 * stopped through its signal. If the connection to Redis is lost for longer than
 * `reconnectTimeout`, every pending future fails with {@link BrokenBullMQExecutor} and the
 * executor is broken, like a process pool whose worker died.
 *
 * Cancellation: `cancel()` of a queued job removes it from Redis and it never runs; `abort()`
 * (called for you when the loop future of `runInExecutor`/`wrapFuture` is cancelled) also reaches
 * a running job, on whichever worker runs it: its `jobSignal()` is aborted. The future is
 * cancelled at once in both cases.
 * @example
 * ```ts
 * await using executor = new BullMQExecutor({ connection: "redis://127.0.0.1:6379", queue: "work" });
 * const loop = getRunningLoop();
 * console.log(await loop.runInExecutor(executor, (a: number, b: number) => a + b, 1, 2)); // 3
 * ```
 * @public
 */
export class BullMQExecutor implements Executor {
  readonly #options: ResolvedExecutorOptions;
  readonly #queue: Queue;
  #events: QueueEvents | null = null;
  /** Unique per executor: the prefix of its job ids. */
  readonly #id = randomBytes(6).toString("hex");
  #nextJob = 1;
  readonly #entries = new Map<string, Entry>();
  #batch: Entry[] = [];
  #flushScheduled = false;
  /** Resolves once the queue and its event reader are connected; never rejects. */
  readonly #ready: Promise<void>;
  /** Redis operations in flight (adds, removals, error reads), awaited by shutdown. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #broken: unknown = null;
  #lastError: unknown = null;
  #shutdown = false;
  #closed: Promise<void> | null = null;
  /** The connections are being closed (shutdown is done waiting for the jobs). */
  #closing = false;
  #drainWaiters: (() => void)[] = [];
  /** Connections that are down (and a token for "not connected yet"). */
  readonly #down = new Set<unknown>();
  #downTimer: ReturnType<typeof setTimeout> | null = null;
  #wasDown = false;

  /**
   * @param options - Where Redis is (`connection`, required), the queue, and how jobs run.
   * @throws TypeError if `options` is not an options object, names an unknown option, or an option
   *   has the wrong type (the message names it).
   * @throws RangeError if a number is out of range (`attempts` below 1, a negative time, …) or the
   *   queue name contains `:`.
   */
  constructor(options: BullMQExecutorOptions) {
    this.#options = resolveExecutorOptions(options);
    const { connection, queue, prefix } = this.#options;
    this.#queue = new Queue(queue, { connection, prefix, streams: { events: { maxLen: EVENTS_MAX_LEN } } });
    this.#queue.on("error", (error) => this.#noteError(error));
    const INIT = "init";
    this.#markDown(INIT);
    this.#ready = this.#init().then(
      () => this.#markUp(INIT),
      (error: unknown) => {
        if (!this.#closing) this.#break(error);
      },
    );
  }

  /** The BullMQ queue's name. */
  get queue(): string {
    return BullMQExecutor.#self(this, "queue").#options.queue;
  }

  /**
   * Schedules `fn(...args)` on a worker and returns its future.
   * @remarks Cancellation: `cancel()` on the future removes a queued job; `abort()` also stops a
   *   running one through its `jobSignal()`.
   * @throws TypeError if `fn` uses variables from outside its body (the message names them), or is
   *   native, bound, a class, or not a function or module task.
   * @throws {@link BrokenBullMQExecutor} once the connection to Redis was lost for good.
   * @throws Error `"cannot schedule new futures after shutdown"` after `shutdown()`.
   */
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): ConcurrentFuture<Awaited<R>> {
    const self = BullMQExecutor.#self(this, "submit");
    self.#checkUsable("submit");
    const { wire, name } = wireFor(fn, "BullMQExecutor.submit(fn)");
    return self.#submitJob<Awaited<R>>(wire, name, args);
  }

  /**
   * Runs `fn` over the zipped `iterables` (stopping at the shortest) and yields the results in
   * input order. Every job is submitted at once, in one batch.
   * @remarks Cancellation: leaving the loop early (or an error from a job, which is thrown at its
   *   item) cancels the jobs that have not started.
   * @throws the same errors as `submit`, synchronously, also when there is nothing to map.
   * @throws TypeError if one of `iterables` is not iterable.
   */
  map<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...iterables: { [K in keyof A]: Iterable<A[K]> }
  ): AsyncIterableIterator<Awaited<R>> {
    const self = BullMQExecutor.#self(this, "map");
    self.#checkUsable("map");
    const { wire, name } = wireFor(fn, "BullMQExecutor.map(fn)");
    iterables.forEach((iterable: unknown, i) => {
      const iterator = (iterable as { [Symbol.iterator]?: unknown } | null | undefined)?.[Symbol.iterator];
      if (typeof iterator !== "function") {
        throw new TypeError(`BullMQExecutor.map(fn, ...iterables): iterables[${i}] is not iterable, got ${describe(iterable)}`);
      }
    });
    return mapJobs((args) => self.#submitJob<Awaited<R>>(wire, name, args), iterables);
  }

  /**
   * Stops taking jobs; once every job submitted here is done, closes the connections to Redis.
   * The workers keep running (they serve the queue, not this executor).
   * @remarks Cancellation: with `cancelFutures: true` the jobs no worker has taken yet are
   *   cancelled (removed from Redis); with `wait: false` it resolves at once and the executor winds
   *   down on its own. It always resolves, also on a broken executor, and may be called again.
   * @throws TypeError if `options` is not an options object, names an unknown option, or `wait` or
   *   `cancelFutures` is not a boolean.
   */
  shutdown(options?: ShutdownOptions): Promise<void> {
    const self = BullMQExecutor.#self(this, "shutdown");
    const given = checkOptionsObject("BullMQExecutor.shutdown(options)", options, SHUTDOWN_OPTIONS);
    const flag = (name: string, fallback: boolean): boolean => {
      const value = given[name];
      if (value === undefined) return fallback;
      if (typeof value !== "boolean") throw new TypeError(`BullMQExecutor.shutdown(${name}): expected a boolean, got ${describe(value)}`);
      return value;
    };
    const wait = flag("wait", true);
    const cancelFutures = flag("cancelFutures", false);
    self.#shutdown = true;
    if (cancelFutures) {
      for (const entry of [...self.#entries.values()]) if (!entry.future.running()) entry.future.cancel();
    }
    self.#closed ??= new Promise<void>((resolve) => {
      self.#drainWaiters.push(resolve);
      self.#checkDrained();
    }).then(() => self.#close());
    return wait ? self.#closed : Promise.resolve();
  }

  /** `await using executor = new BullMQExecutor(…)` calls `shutdown({ wait: true })` at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** Describes the executor, e.g. `<BullMQExecutor running queue=aio redis=127.0.0.1:6379 pending=3 running=1>`. */
  toString(): string {
    if (!(#options in this)) return Object.prototype.toString.call(this);
    const state = this.#broken !== null ? "broken" : this.#shutdown ? "shutdown" : "running";
    let running = 0;
    for (const entry of this.#entries.values()) if (entry.future.running()) running++;
    return `<BullMQExecutor ${state} queue=${this.#options.queue} redis=${this.#options.where} ` +
      `pending=${this.#entries.size - running} running=${running}>`;
  }

  static #self(self: unknown, method: string): BullMQExecutor {
    if (self === null || typeof self !== "object" || !(#options in self)) {
      throw new TypeError(
        `BullMQExecutor.${method}: called on ${describe(self)}, not a BullMQExecutor; call it on the executor (executor.${method}) or bind it`,
      );
    }
    return self as BullMQExecutor;
  }

  // ---- submitting ---------------------------------------------------------------------------

  #checkUsable(method: string): void {
    if (this.#broken !== null) {
      throw new BrokenBullMQExecutor(
        `${this.#lostMessage()}, the executor is not usable anymore (BullMQExecutor.${method}())`,
        { cause: this.#broken },
      );
    }
    if (this.#shutdown) throw new Error(`cannot schedule new futures after shutdown (BullMQExecutor.${method}())`);
  }

  #submitJob<T>(code: WireCode, name: string, args: unknown[]): ConcurrentFuture<T> {
    this.#checkUsable("submit");
    const future = new ConcurrentFuture<T>();
    let encoded: string;
    try {
      encoded = encodeValue(args);
    } catch (error) {
      future.setException(
        new TypeError(`BullMQExecutor.submit(): the job could not be sent to the worker: ${messageOf(error)}`, { cause: error }),
      );
      return future;
    }
    const timeout = this.#options.timeout;
    const data: JobData = timeout === null ? { aio: 1, f: code, a: encoded } : { aio: 1, f: code, a: encoded, t: timeout };
    const entry: Entry = {
      id: `${this.#id}-${this.#nextJob++}`, name, future: future as ConcurrentFuture<unknown>, data, state: "batched", reason: undefined,
    };
    this.#entries.set(entry.id, entry);
    future.addDoneCallback(() => this.#onDone(entry));
    this.#batch.push(entry);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.#flush());
    }
    return future;
  }

  /** Adds the jobs submitted since the last flush, in order, in batches of BULK. */
  #flush(): void {
    this.#flushScheduled = false;
    const entries = this.#batch.filter((entry) => !entry.future.done());
    this.#batch = [];
    if (entries.length === 0) return;
    for (const entry of entries) entry.state = "adding";
    const opts = this.#options.job;
    const add = this.#ready.then(() => {
      if (this.#broken !== null) return;
      if (entries.length === 1) {
        // One job (a lone submit): a plain add is one script call, addBulk a transaction around it.
        const [entry] = entries as [Entry];
        return this.#queue.add(entry.name, entry.data, { ...opts, jobId: entry.id } as BulkJobOptions).then(() => undefined);
      }
      const chunks: Promise<unknown>[] = [];
      for (let i = 0; i < entries.length; i += BULK) {
        const jobs = entries.slice(i, i + BULK).map((entry) => ({
          name: entry.name, data: entry.data, opts: { ...opts, jobId: entry.id } as BulkJobOptions,
        }));
        chunks.push(this.#queue.addBulk(jobs));
      }
      return Promise.all(chunks).then(() => undefined);
    });
    this.#track(add.then(
      () => {
        for (const entry of entries) {
          entry.state = "added";
          entry.data = null;
          // Cancelled while being added: now it can be removed.
          if (entry.future.cancelled()) this.#cancelRemote(entry);
        }
      },
      (error: unknown) => {
        const failure = this.#broken !== null
          ? this.#brokenError()
          : new Error(`BullMQExecutor: the job could not be added to the queue: ${messageOf(error)}`, { cause: error });
        for (const entry of entries) {
          entry.state = "added";
          if (!entry.future.done()) entry.future.setException(failure);
        }
      },
    ));
  }

  /** A future is done (result, error or cancellation): forget it, and stop its job if it was cancelled. */
  #onDone(entry: Entry): void {
    this.#entries.delete(entry.id);
    if (entry.future.cancelled() && entry.state === "added") this.#cancelRemote(entry);
    this.#checkDrained();
  }

  /**
   * Removes a cancelled job from the queue; a job a worker has taken cannot be removed (it is
   * locked), so the workers are told to stop it instead.
   */
  #cancelRemote(entry: Entry): void {
    if (this.#broken !== null) return;
    const reason = entry.reason === undefined ? "the job was cancelled" : messageOf(entry.reason);
    const message: CancelMessage = { id: entry.id, reason };
    const { prefix, queue } = this.#options;
    this.#track((async () => {
      const removed = await this.#queue.remove(entry.id);
      if (removed === 1) return;
      const client = await this.#client();
      await client.publish(cancelChannel(prefix, queue), JSON.stringify(message));
    })().catch((error: unknown) => this.#noteError(error)));
  }

  /** The queue's connection: BullMQ wraps an ioredis client in a proxy that passes every other command through. */
  async #client(): Promise<Redis> {
    return (await this.#queue.client) as unknown as Redis;
  }

  #track(operation: Promise<unknown>): void {
    const tracked = operation.catch(() => {}).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  // ---- results ------------------------------------------------------------------------------

  /** Connects the queue, then starts reading events from the end of the stream as it is now. */
  async #init(): Promise<void> {
    const { connection, queue, prefix } = this.#options;
    await this.#queue.waitUntilReady();
    const client = await this.#client();
    this.#watch(client);
    const last = await client.xrevrange(this.#queue.keys["events"] as string, "+", "-", "COUNT", 1);
    const lastEventId = last[0]?.[0] ?? "0-0";
    if (this.#broken !== null || this.#closing) return;
    const events = new QueueEvents(queue, { connection, prefix, lastEventId });
    this.#events = events;
    events.on("error", (error) => this.#noteError(error));
    events.on("active", ({ jobId }) => this.#onActive(jobId));
    events.on("completed", ({ jobId, returnvalue }) => this.#onCompleted(jobId, returnvalue as unknown));
    events.on("failed", ({ jobId, failedReason }) => this.#onFailed(jobId, failedReason));
    events.on("removed", ({ jobId }) => this.#onRemoved(jobId));
    this.#watch((await events.waitUntilReady()) as unknown as Watched);
  }

  #onActive(jobId: string): void {
    const entry = this.#entries.get(jobId);
    if (entry === undefined) return;
    const future = entry.future;
    // A job that runs again after its worker died is already running here.
    if (future.running() || future.done()) return;
    if (future.setRunningOrNotifyCancel()) {
      future._abortHandler = (reason) => {
        entry.reason = reason;
      };
    }
  }

  #onCompleted(jobId: string, returnvalue: unknown): void {
    const entry = this.#entries.get(jobId);
    if (entry === undefined || entry.future.done()) return;
    let value: unknown;
    try {
      if (typeof returnvalue !== "string") throw new TypeError(`expected the text an @aio worker returns, got ${describe(returnvalue)}`);
      value = decodeValue(returnvalue);
    } catch (error) {
      entry.future.setException(
        new TypeError(`BullMQExecutor: the result of job ${jobId} could not be read (was it run by an @aio worker?): ${messageOf(error)}`, { cause: error }),
      );
      return;
    }
    entry.future.setResult(value);
  }

  /** The job failed for good: the worker left the full error in Redis (BullMQ keeps only its message). */
  #onFailed(jobId: string, failedReason: string): void {
    const entry = this.#entries.get(jobId);
    if (entry === undefined || entry.future.done()) return;
    const key = errorKey(this.#options.prefix, this.#options.queue, jobId);
    this.#track((async () => {
      const client = await this.#client();
      const replies = await client.multi().get(key).del(key).exec();
      const text = replies?.[0]?.[1];
      if (entry.future.done()) return;
      let failure: unknown;
      if (typeof text === "string") {
        try {
          failure = decodeError(text);
        } catch (error) {
          failure = new Error(`BullMQExecutor: job ${jobId} failed (${failedReason}); its error could not be read: ${messageOf(error)}`);
        }
      } else {
        failure = new Error(`BullMQExecutor: job ${jobId} failed: ${failedReason}`);
      }
      entry.future.setException(failure);
    })().catch((error: unknown) => {
      if (!entry.future.done()) entry.future.setException(new Error(`BullMQExecutor: job ${jobId} failed: ${failedReason}`, { cause: error }));
    }));
  }

  /** Someone else removed the job (a queue drain or obliteration): it will never finish. */
  #onRemoved(jobId: string): void {
    const entry = this.#entries.get(jobId);
    if (entry === undefined || entry.future.done()) return;
    entry.future.setException(new Error(`BullMQExecutor: job ${jobId} was removed from the queue before it finished (by another client of the queue)`));
  }

  // ---- the connection to Redis ---------------------------------------------------------------

  #noteError(error: unknown): void {
    this.#lastError = error;
  }

  #watch(client: Watched): void {
    client.on("close", () => {
      if (!this.#closing) this.#markDown(client);
    });
    client.on("ready", () => this.#markUp(client));
    client.on("error", (error) => this.#noteError(error));
  }

  #markDown(what: unknown): void {
    if (this.#broken !== null || this.#closing) return;
    if (what !== "init") this.#wasDown = true;
    this.#down.add(what);
    this.#downTimer ??= setTimeout(() => {
      this.#downTimer = null;
      this.#break(this.#lastError ?? new Error("no answer from Redis"));
    }, this.#options.reconnectTimeoutMs);
  }

  #markUp(what: unknown): void {
    this.#down.delete(what);
    if (this.#down.size > 0 || this.#broken !== null) return;
    if (this.#downTimer !== null) clearTimeout(this.#downTimer);
    this.#downTimer = null;
    if (this.#wasDown) {
      this.#wasDown = false;
      this.#track(this.#sweep());
    }
  }

  /**
   * After a reconnection: a job Redis no longer has (Redis restarted without its data) would never
   * report back. Such jobs get a moment for an event still on its way, then their futures fail.
   */
  async #sweep(): Promise<void> {
    const added = [...this.#entries.values()].filter((entry) => entry.state === "added" && !entry.future.done());
    if (added.length === 0) return;
    const client = await this.#client();
    const pipeline = client.pipeline();
    for (const entry of added) pipeline.exists(this.#queue.toKey(entry.id));
    const replies = (await pipeline.exec()) ?? [];
    const missing = added.filter((_, i) => replies[i]?.[1] === 0);
    if (missing.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, LOST_JOB_GRACE_MS));
    for (const entry of missing) {
      if (!entry.future.done()) {
        entry.future.setException(new Error(
          `BullMQExecutor: job ${entry.id} is no longer in Redis after the connection came back (was Redis restarted without its data?)`,
        ));
      }
    }
  }

  #lostMessage(): string {
    const seconds = this.#options.reconnectTimeoutMs / 1000;
    return `The connection to Redis at ${this.#options.where} was lost and did not come back within ${seconds} s`;
  }

  #brokenError(): BrokenBullMQExecutor {
    return new BrokenBullMQExecutor(`${this.#lostMessage()} while the future was pending or running`, { cause: this.#broken });
  }

  /** Redis is gone: fail everything pending or running, drop the connections, refuse new work. */
  #break(cause: unknown): void {
    if (this.#broken !== null) return;
    this.#broken = cause ?? new Error("the connection to Redis was lost");
    if (this.#downTimer !== null) clearTimeout(this.#downTimer);
    this.#downTimer = null;
    const error = this.#brokenError();
    this.#batch = [];
    for (const entry of [...this.#entries.values()]) if (!entry.future.done()) entry.future.setException(error);
    this.#checkDrained();
    void this.#disconnect();
  }

  /** Closes both connections; close() gives up at once on a connection that is down (disconnect() would wait for good). */
  async #disconnect(): Promise<void> {
    await Promise.allSettled([this.#queue.close(), this.#events?.close()]);
  }

  // ---- shutdown -----------------------------------------------------------------------------

  #checkDrained(): void {
    if (this.#drainWaiters.length === 0) return;
    if (this.#entries.size > 0 && this.#broken === null) return;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async #close(): Promise<void> {
    // Once connected, the removals and error reads still in flight get to finish; an executor
    // that never connected (nothing was submitted, or everything failed) just stops trying.
    if (this.#broken === null && !this.#down.has("init")) {
      await this.#ready;
      while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
    }
    this.#closing = true;
    if (this.#downTimer !== null) clearTimeout(this.#downTimer);
    this.#downTimer = null;
    await this.#disconnect();
  }
}

/** The BullMQ job name: the export's name, or the function's. */
function jobName(fn: unknown, code: JobCode): string {
  if (code.kind === "module") return code.name;
  const name = (fn as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : "anonymous";
}

/** Checked functions and module tasks, with their wire code and job name: a hot submit loop checks once. */
const wires = new WeakMap<object, { wire: WireCode; name: string }>();

/** How `fn` goes to the workers; throws what `_jobCode` throws for a function the workers cannot run. */
function wireFor(fn: unknown, where: string): { wire: WireCode; name: string } {
  let entry = typeof fn === "function" ? wires.get(fn) : undefined;
  if (entry === undefined) {
    const code = jobCode(fn, where);
    entry = { wire: toWireCode(code), name: jobName(fn, code) };
    wires.set(fn as object, entry);
  }
  return entry;
}
