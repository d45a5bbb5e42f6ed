// The worker side: a BullMQ Worker whose processor runs @aio jobs (inline or on a local pool),
// answers cancellation requests from executors, counts runs lost to dead workers against the job's
// attempts, and hands its jobs back to the queue when it has to stop before they finish.
import { availableParallelism } from "node:os";
import { _describe as describe, CancelledError, TimeoutError } from "@aio/core";
import { _checkOptionsObject as checkOptionsObject } from "@aio/executor/internal";
import { UnrecoverableError, WaitingError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import {
  ERROR_TTL_SECONDS,
  HANDED_BACK_FIELD,
  cancelChannel,
  decodeValue,
  encodeError,
  encodeValue,
  errorKey,
  fromWireCode,
  isJobData,
  type CancelMessage,
} from "./codec.js";
import { WorkerLostError } from "./errors.js";
import { prefixName, queueName, resolveConnection, seconds, type RedisConnection } from "./options.js";
import { JobControl, makeRunner, type Runner, type WorkerPoolKind } from "./runner.js";

/**
 * Options for {@link startWorker}.
 * @public
 */
export interface WorkerOptions {
  /** Where Redis is (required): the executor's Redis. */
  connection: RedisConnection;
  /** The queue to serve: the executor's `queue`. @defaultValue `"aio"` */
  queue?: string | undefined;
  /** The prefix of BullMQ's Redis keys, as the executor's. @defaultValue `"bull"` */
  prefix?: string | undefined;
  /** How many jobs this worker runs at once. @defaultValue the number of CPUs */
  concurrency?: number | undefined;
  /**
   * Where each job runs: `"thread"` (a local ThreadPoolExecutor), `"process"` (a local
   * ProcessPoolExecutor) or `"inline"` (this process; fastest for short jobs, but a job that keeps
   * the event loop busy longer than `lockDuration` looks dead to BullMQ and may run twice).
   * @defaultValue `"thread"`
   */
  pool?: WorkerPoolKind | undefined;
  /**
   * Seconds a job's lock lasts; the worker renews it while the job runs. A worker that dies stops
   * renewing, and its job is "stalled" once the lock expires.
   * @defaultValue 30
   */
  lockDuration?: number | undefined;
  /** Seconds between this worker's checks for stalled jobs (of any worker). @defaultValue 30 */
  stalledInterval?: number | undefined;
  /**
   * On a pool: seconds a job whose signal was aborted gets to stop before its pool worker is
   * replaced (the local pools' `cancelGracePeriod`).
   * @defaultValue 1
   */
  cancelGracePeriod?: number | undefined;
}

/**
 * Options for {@link BullMQWorker.close}.
 * @public
 */
export interface WorkerCloseOptions {
  /**
   * Seconds the running jobs get to finish; those still running then are stopped (their signal
   * is aborted) and handed back to the queue, where another worker takes them. `null` waits for
   * them however long they take.
   * @defaultValue `null`
   */
  grace?: number | null | undefined;
}

const WORKER_OPTIONS = new Set(["connection", "queue", "prefix", "concurrency", "pool", "lockDuration", "stalledInterval", "cancelGracePeriod"]);
const CLOSE_OPTIONS = new Set(["grace"]);
const POOLS: readonly WorkerPoolKind[] = ["thread", "process", "inline"];
/** How long a worker remembers a cancellation it heard for a job it has not started. */
const CANCEL_MEMORY_MS = 10 * 60_000;
/** BullMQ re-queues a stalled job this often at most; the worker's own rule (attempts) decides first. */
const MAX_STALLED = 1_000_000;

/** A job the worker is running. */
interface Active {
  readonly control: JobControl;
  /** Its control was aborted to hand it back to the queue. */
  handedBack: boolean;
}

/** The worker's machinery, behind the BullMQWorker that startWorker returns. */
class WorkerCore {
  readonly #worker: Worker;
  readonly #subscriber: Redis;
  readonly #runner: Runner;
  readonly #queue: string;
  readonly #prefix: string;
  readonly #pool: WorkerPoolKind;
  readonly #concurrency: number;
  /** The running jobs, by id. */
  readonly #active = new Map<string, Active>();
  /** Jobs whose cancellation was heard: id → when it was heard. */
  readonly #cancelled = new Map<string, number>();
  #closing: Promise<void> | null = null;

  constructor(worker: Worker, subscriber: Redis, runner: Runner, queue: string, prefix: string, pool: WorkerPoolKind, concurrency: number) {
    this.#worker = worker;
    this.#subscriber = subscriber;
    this.#runner = runner;
    this.#queue = queue;
    this.#prefix = prefix;
    this.#pool = pool;
    this.#concurrency = concurrency;
  }

  /** See BullMQWorker.close. */
  close(grace: number | null): Promise<void> {
    if (grace !== null) setTimeout(() => this.handBackAll(), grace * 1000).unref();
    this.#closing ??= (async () => {
      await this.#worker.close();
      await Promise.allSettled([this.#runner.close(), this.#subscriber.quit()]);
    })();
    return this.#closing;
  }

  get queue(): string {
    return this.#queue;
  }

  get concurrency(): number {
    return this.#concurrency;
  }

  get pool(): WorkerPoolKind {
    return this.#pool;
  }

  get running(): number {
    return this.#active.size;
  }

  /** Stops every running job now and puts it back in the queue. */
  handBackAll(): void {
    for (const active of this.#active.values()) {
      active.handedBack = true;
      active.control.abort(new CancelledError("the worker is shutting down; the job goes back to the queue"));
    }
  }

  /** A cancellation request from an executor. */
  onCancel(message: CancelMessage): void {
    const now = Date.now();
    if (this.#cancelled.size > 10_000) {
      for (const [id, at] of this.#cancelled) if (now - at > CANCEL_MEMORY_MS) this.#cancelled.delete(id);
    }
    this.#cancelled.set(message.id, now);
    this.#active.get(message.id)?.control.abort(new CancelledError(message.reason));
  }

  /** BullMQ's processor: runs one job and returns its encoded result, or throws. */
  async process(job: Job, token: string | undefined): Promise<string> {
    const id = job.id as string;
    const data: unknown = job.data;
    if (!isJobData(data)) throw new UnrecoverableError(`job ${id} was not made by a BullMQExecutor (it has no @aio job data)`);
    if (this.#cancelled.has(id)) throw new UnrecoverableError("the job was cancelled before it started");
    const attempts = Math.max(1, job.opts.attempts ?? 1);
    let lost = job.attemptsStarted - 1 - job.attemptsMade;
    if (lost > 0) lost = await this.#lostRuns(job, lost);
    if (lost > 0 && job.attemptsMade + lost >= attempts) {
      const error = new WorkerLostError(
        `the worker running job ${id} stopped (killed, crashed or unresponsive for longer than its lock) ` +
          `and the job has no attempts left (attempts: ${attempts})`,
      );
      await this.#saveError(id, error, true);
      throw new UnrecoverableError(error.message);
    }
    const control = new JobControl();
    const active: Active = { control, handedBack: false };
    this.#active.set(id, active);
    const timeout = data.t;
    const timer = timeout === undefined ? null : setTimeout(() => {
      control.abort(new TimeoutError(`the job ran longer than its timeout of ${timeout} s`));
    }, timeout * 1000);
    try {
      let value: unknown;
      try {
        const args = decodeValue(data.a) as unknown[];
        value = this.#runner.run(fromWireCode(data.f), args, control);
        if (isThenable(value)) {
          // Settles when the job is stopped, whether or not the job itself heeds its signal.
          const stopped = new Promise<never>((_, reject) => control.onAbort(reject));
          value = await Promise.race([value, stopped]);
        } else if (control.aborted) {
          throw control.reason;
        }
      } catch (thrown) {
        if (control.aborted && thrown === control.reason) {
          if (active.handedBack) return await this.#handBack(job, token);
          if (!(thrown instanceof TimeoutError)) throw new UnrecoverableError(`cancelled: ${(thrown as Error).message}`);
        }
        return await this.#fail(job, thrown, lost, thrown instanceof TimeoutError);
      }
      let encoded: string;
      try {
        encoded = encodeValue(value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const failure = new TypeError(`the job's result could not be sent back from the worker (V8 serialization failed: ${reason})`);
        return await this.#fail(job, failure, lost, false);
      }
      return encoded;
    } finally {
      if (timer !== null) clearTimeout(timer);
      this.#active.delete(id);
    }
  }

  /**
   * Runs of this job that ended without a word: started (BullMQ's `attemptsStarted`), not this
   * run, not failed (`attemptsMade`), not handed back. Each is a worker that died holding the job.
   */
  async #lostRuns(job: Job, unaccounted: number): Promise<number> {
    const client = await this.#client();
    const handedBack = Number(await client.hget(`${this.#prefix}:${this.#queue}:${job.id}`, HANDED_BACK_FIELD)) || 0;
    return Math.max(0, unaccounted - handedBack);
  }

  /**
   * The job threw: leave the whole error for the executor when this is its last run (BullMQ keeps
   * only the message), and fail it, for good if so.
   */
  async #fail(job: Job, thrown: unknown, lost: number, own: boolean): Promise<never> {
    const error = thrown === undefined || thrown === null
      ? new TypeError(
        `BullMQExecutor: the job threw ${String(thrown)} (or its promise rejected with it); ` +
          "a job must fail with an error value, so it fails with this TypeError instead",
      )
      : thrown;
    const attempts = Math.max(1, job.opts.attempts ?? 1);
    const last = job.attemptsMade + 1 + lost >= attempts;
    const summary = error instanceof Error ? `${error.name}: ${error.message}` : `non-Error thrown: ${describe(error)}`;
    if (!last) throw new Error(summary);
    await this.#saveError(job.id as string, error, own);
    throw new UnrecoverableError(summary);
  }

  async #saveError(id: string, error: unknown, own: boolean): Promise<void> {
    const client = await this.#client();
    await client.set(errorKey(this.#prefix, this.#queue, id), encodeError(error, own), "EX", ERROR_TTL_SECONDS);
  }

  /** The worker's connection: BullMQ wraps an ioredis client in a proxy that passes every other command through. */
  async #client(): Promise<Redis> {
    return (await this.#worker.client) as unknown as Redis;
  }

  /** Puts a running job back in the queue (the worker is stopping); this run is not counted as lost. */
  async #handBack(job: Job, token: string | undefined): Promise<never> {
    const client = await this.#client();
    await client.hincrby(`${this.#prefix}:${this.#queue}:${job.id}`, HANDED_BACK_FIELD, 1);
    await job.moveToWait(token);
    throw new WaitingError();
  }
}

/**
 * A running worker (from {@link startWorker}): takes jobs from a BullMQ queue and runs them.
 * @public
 */
export class BullMQWorker {
  readonly #core: WorkerCore;

  /**
   * @internal Made by {@link startWorker}.
   * @throws TypeError when called directly.
   */
  constructor(core: unknown) {
    if (!(core instanceof WorkerCore)) throw new TypeError("BullMQWorker: use startWorker(options) to start a worker");
    this.#core = core;
  }

  /** The queue this worker serves. */
  get queue(): string {
    return this.#core.queue;
  }

  /** How many jobs it runs at once. */
  get concurrency(): number {
    return this.#core.concurrency;
  }

  /** Where it runs them. */
  get pool(): WorkerPoolKind {
    return this.#core.pool;
  }

  /** How many jobs it is running now. */
  get running(): number {
    return this.#core.running;
  }

  /**
   * Stops taking jobs, lets the running ones finish (for `grace` seconds at most, then hands them
   * back to the queue, where another worker takes them), and closes its connections and its local
   * pool. May be called again: a later call with a shorter grace hands the jobs back sooner.
   * @remarks Cancellation: a job handed back has its `jobSignal()` aborted here; its run does not
   *   count against the job's attempts.
   * @throws TypeError or RangeError for bad options (the message names them).
   */
  close(options?: WorkerCloseOptions): Promise<void> {
    const given = checkOptionsObject("BullMQWorker.close(options)", options, CLOSE_OPTIONS);
    const grace = given["grace"] ?? null;
    return this.#core.close(grace === null ? null : seconds("BullMQWorker.close(grace)", grace, true));
  }

  /** `await using worker = await startWorker(…)` closes it (waiting for its jobs) at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Describes the worker, e.g. `<BullMQWorker queue=aio pool=thread concurrency=4 running=1>`. */
  toString(): string {
    if (!(#core in this)) return Object.prototype.toString.call(this);
    return `<BullMQWorker queue=${this.queue} pool=${this.pool} concurrency=${this.concurrency} running=${this.running}>`;
  }
}

/**
 * Starts a worker that runs the jobs of a {@link BullMQExecutor}'s queue, and resolves once it is
 * connected and taking jobs.
 *
 * @remarks
 * A worker can run anywhere that reaches the same Redis; the `aio-worker` command wraps this with
 * signal handling. Jobs sent as source are compiled here (their `require` resolves from this
 * process's working directory); `fromModule` jobs import their module from the same URL as on the
 * submitting machine, so it must exist there.
 *
 * Cancellation: a job whose future is aborted gets its `jobSignal()` aborted here, wherever the
 * executor is; on a pool, a job that ignores it is stopped after `cancelGracePeriod`. Inline, a job
 * that ignores it runs on in the background (its result is dropped).
 * @throws TypeError or RangeError for bad options (the message names them).
 * @example
 * ```ts
 * const worker = await startWorker({ connection: "redis://127.0.0.1:6379", queue: "work", concurrency: 4 });
 * process.once("SIGTERM", () => void worker.close({ grace: 30 }));
 * ```
 * @public
 */
export async function startWorker(options: WorkerOptions): Promise<BullMQWorker> {
  if (options === undefined) throw new TypeError("startWorker(options): expected an options object with a connection, got undefined");
  const given = checkOptionsObject("startWorker(options)", options, WORKER_OPTIONS);
  const { connection } = resolveConnection("startWorker(connection)", given["connection"]);
  const queue = queueName("startWorker(queue)", given["queue"]);
  const prefix = prefixName("startWorker(prefix)", given["prefix"]);
  const concurrency = given["concurrency"] ?? availableParallelism();
  if (typeof concurrency !== "number") throw new TypeError(`startWorker(concurrency): expected an integer > 0, got ${describe(concurrency)}`);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new RangeError(`startWorker(concurrency): expected an integer > 0, got ${describe(concurrency)}`);
  const pool = given["pool"] ?? "thread";
  if (!POOLS.includes(pool as WorkerPoolKind)) throw new TypeError(`startWorker(pool): expected "thread", "process" or "inline", got ${describe(pool)}`);
  const lockDuration = seconds("startWorker(lockDuration)", given["lockDuration"] ?? 30, false);
  const stalledInterval = seconds("startWorker(stalledInterval)", given["stalledInterval"] ?? 30, false);
  const grace = seconds("startWorker(cancelGracePeriod)", given["cancelGracePeriod"] ?? 1, true);

  const runner = makeRunner(pool as WorkerPoolKind, concurrency, grace);
  let self: WorkerCore | null = null;
  // Two parameters: BullMQ makes an AbortController for every job of a processor that declares a
  // third (for Worker.cancelJob); the worker stops its jobs through its own JobControl instead.
  const processor = (job: Job, token: string | undefined): Promise<string> => (self as WorkerCore).process(job, token);
  const worker = new Worker(queue, processor, {
    connection,
    prefix,
    concurrency,
    autorun: false,
    lockDuration: Math.round(lockDuration * 1000),
    stalledInterval: Math.round(stalledInterval * 1000),
    maxStalledCount: MAX_STALLED,
  });
  worker.on("error", (error) => reportError(error));
  const subscriber = new Redis({ ...connection, maxRetriesPerRequest: null });
  subscriber.on("error", (error) => reportError(error));
  self = new WorkerCore(worker, subscriber, runner, queue, prefix, pool as WorkerPoolKind, concurrency);
  const me = self;
  subscriber.on("message", (_channel: string, text: string) => {
    try {
      const message = JSON.parse(text) as CancelMessage;
      if (typeof message.id === "string") me.onCancel({ id: message.id, reason: String(message.reason) });
    } catch {
      // Not a message of ours.
    }
  });
  try {
    // Subscribed before the first job is taken: a cancellation sent while a job is being taken is
    // heard either before it starts (it then never runs) or while it runs (its signal is aborted).
    await subscriber.subscribe(cancelChannel(prefix, queue));
    await worker.waitUntilReady();
  } catch (error) {
    await Promise.allSettled([worker.close(true), runner.close()]);
    subscriber.disconnect();
    throw error;
  }
  worker.run().catch((error: unknown) => reportError(error));
  return new BullMQWorker(self);
}

let lastReported = "";
/** Connection trouble repeats on every retry: each distinct message is printed once in a row. */
function reportError(error: unknown): void {
  const text = error instanceof Error ? error.message : String(error);
  if (text === lastReported) return;
  lastReported = text;
  console.error(`aio-worker: ${text}`);
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as PromiseLike<unknown>).then === "function";
}
