// The options of the executor and of the worker, and their checks. Times are in seconds, as
// everywhere in \@aio (BullMQ counts milliseconds: the conversion happens here).
import { _describe as describe } from "@aio/core";
import { _checkOptionsObject as checkOptionsObject } from "@aio/executor/internal";
import type { RedisOptions } from "ioredis";

/**
 * Where Redis is: a URL (`redis://[user:password@]host:port[/db]`, `rediss://` for TLS) or
 * ioredis connection options (`{ host, port, password, db, tls, … }`).
 * @public
 */
export type RedisConnection = string | RedisOptions;

/**
 * How a job is run by BullMQ: retries, priority, time limit and what Redis keeps afterwards.
 * @public
 */
export interface JobOptions {
  /**
   * How many times a job may run in all. A job that throws runs again (after `backoff`) until it
   * has run `attempts` times; a run cut short because its worker died counts too.
   * @defaultValue 1 (no retries: the job's error reaches its future, as with a local pool)
   */
  attempts?: number | undefined;
  /**
   * Seconds to wait before a retry: a number (the same wait each time), or
   * `{ type: "exponential", delay }` (delay, 2 × delay, 4 × delay, …) or `{ type: "fixed", delay }`.
   * @defaultValue no wait
   */
  backoff?: number | { type: "fixed" | "exponential"; delay: number } | undefined;
  /**
   * BullMQ's priority: 1 is the highest, 2 097 152 the lowest; jobs without one go first.
   * @defaultValue none
   */
  priority?: number | undefined;
  /**
   * Seconds a run may take. Past it the job's `jobSignal()` is aborted with a `TimeoutError`
   * and the run fails with it (and is retried if attempts are left). `null` means no limit.
   * @defaultValue no limit
   */
  timeout?: number | null | undefined;
  /**
   * What Redis keeps of completed jobs: `true` removes them (their results reach the future
   * first), `false` keeps them, a number keeps that many, `{ age, count }` keeps those at most
   * `age` seconds old and at most `count` of them.
   * @defaultValue true
   */
  removeOnComplete?: boolean | number | { age?: number; count?: number } | undefined;
  /**
   * The same for failed jobs.
   * @defaultValue true
   */
  removeOnFail?: boolean | number | { age?: number; count?: number } | undefined;
}

/**
 * Options for {@link BullMQExecutor}.
 * @public
 */
export interface BullMQExecutorOptions {
  /** Where Redis is (required). */
  connection: RedisConnection;
  /**
   * The BullMQ queue to put jobs on; workers started with the same name run them. No `:`.
   * @defaultValue `"aio"`
   */
  queue?: string | undefined;
  /**
   * The prefix of BullMQ's Redis keys; executor and workers must use the same one.
   * @defaultValue `"bull"`
   */
  prefix?: string | undefined;
  /** How jobs run: attempts, backoff, priority, timeout, clean-up. */
  jobOptions?: JobOptions | undefined;
  /**
   * Seconds the executor waits for a lost connection to Redis to come back. Past it, every
   * pending future fails with {@link BrokenBullMQExecutor} and the executor is broken.
   * @defaultValue 10
   */
  reconnectTimeout?: number | undefined;
}

/** The executor's options, checked and converted for BullMQ (milliseconds). */
export interface ResolvedExecutorOptions {
  readonly connection: RedisOptions;
  readonly where: string;
  readonly queue: string;
  readonly prefix: string;
  readonly job: BullJobOptions;
  readonly timeout: number | null;
  readonly reconnectTimeoutMs: number;
}

/** The part of BullMQ's JobsOptions the executor sets on every job. */
export interface BullJobOptions {
  /** Left out for 1, BullMQ's default (every option is packed into every job). */
  attempts?: number;
  backoff?: { type: "fixed" | "exponential"; delay: number };
  priority?: number;
  removeOnComplete: boolean | number | { age?: number; count?: number };
  removeOnFail: boolean | number | { age?: number; count?: number };
}

const EXECUTOR_OPTIONS = new Set(["connection", "queue", "prefix", "jobOptions", "reconnectTimeout"]);
const JOB_OPTIONS = new Set(["attempts", "backoff", "priority", "timeout", "removeOnComplete", "removeOnFail"]);
const MAX_SECONDS = 2_147_483;
const MAX_PRIORITY = 2_097_152;

/** Checks the executor's options; throws a TypeError or RangeError that names the option. */
export function resolveExecutorOptions(options: unknown): ResolvedExecutorOptions {
  const where = "BullMQExecutor(options)";
  if (options === undefined) throw new TypeError(`${where}: expected an options object with a connection, got undefined`);
  const given = checkOptionsObject(where, options, EXECUTOR_OPTIONS);
  const { connection, display } = resolveConnection("BullMQExecutor(connection)", given["connection"]);
  const jobs = checkOptionsObject("BullMQExecutor(jobOptions)", given["jobOptions"] ?? undefined, JOB_OPTIONS);
  const attempts = jobs["attempts"] ?? 1;
  if (typeof attempts !== "number") throw new TypeError(`BullMQExecutor(jobOptions.attempts): expected an integer >= 1, got ${describe(attempts)}`);
  if (!Number.isSafeInteger(attempts) || attempts < 1) {
    throw new RangeError(`BullMQExecutor(jobOptions.attempts): expected an integer >= 1, got ${describe(attempts)}`);
  }
  const job: BullJobOptions = {
    removeOnComplete: keepJobs("removeOnComplete", jobs["removeOnComplete"]),
    removeOnFail: keepJobs("removeOnFail", jobs["removeOnFail"]),
  };
  if (attempts > 1) job.attempts = attempts;
  const backoff = jobs["backoff"];
  if (backoff !== undefined) job.backoff = resolveBackoff(backoff);
  const priority = jobs["priority"];
  if (priority !== undefined) {
    if (typeof priority !== "number") throw new TypeError(`BullMQExecutor(jobOptions.priority): expected an integer from 1 to ${MAX_PRIORITY}, got ${describe(priority)}`);
    if (!Number.isSafeInteger(priority) || priority < 1 || priority > MAX_PRIORITY) {
      throw new RangeError(`BullMQExecutor(jobOptions.priority): expected an integer from 1 to ${MAX_PRIORITY}, got ${describe(priority)}`);
    }
    job.priority = priority;
  }
  const timeout = jobs["timeout"] ?? null;
  if (timeout !== null) seconds("BullMQExecutor(jobOptions.timeout)", timeout, false);
  const reconnect = given["reconnectTimeout"] ?? 10;
  seconds("BullMQExecutor(reconnectTimeout)", reconnect, true);
  return {
    connection,
    where: display,
    queue: queueName("BullMQExecutor(queue)", given["queue"]),
    prefix: prefixName("BullMQExecutor(prefix)", given["prefix"]),
    job,
    timeout: timeout as number | null,
    reconnectTimeoutMs: (reconnect as number) * 1000,
  };
}

/**
 * Checks a number of seconds: finite, from 0 (or above 0 when `zero` is false) to 2147483 (the
 * longest a timer can wait).
 */
export function seconds(where: string, value: unknown, zero: boolean): number {
  const range = zero ? `from 0 to ${MAX_SECONDS}` : `above 0, at most ${MAX_SECONDS}`;
  if (typeof value !== "number") throw new TypeError(`${where}: expected a number of seconds ${range}, got ${describe(value)}`);
  if (!(zero ? value >= 0 : value > 0) || !(value <= MAX_SECONDS)) {
    throw new RangeError(`${where}: expected a number of seconds ${range}, got ${describe(value)}`);
  }
  return value;
}

/** A queue name: a non-empty string without `:` (BullMQ builds keys with it). */
export function queueName(where: string, value: unknown): string {
  if (value === undefined || value === null) return "aio";
  if (typeof value !== "string" || value === "") throw new TypeError(`${where}: expected a non-empty string, got ${describe(value)}`);
  if (value.includes(":")) throw new RangeError(`${where}: a queue name cannot contain ":", got ${describe(value)}`);
  return value;
}

/** A key prefix: a non-empty string. */
export function prefixName(where: string, value: unknown): string {
  if (value === undefined || value === null) return "bull";
  if (typeof value !== "string" || value === "") throw new TypeError(`${where}: expected a non-empty string, got ${describe(value)}`);
  return value;
}

/**
 * Turns a URL or ioredis options into ioredis options (BullMQ and ioredis take the same), with a
 * reconnection schedule of its own unless the caller chose one: ioredis' default waits up to 20 s
 * between tries, longer than the executor's `reconnectTimeout` would wait. `display` is a
 * password-free description for messages.
 */
export function resolveConnection(where: string, value: unknown): { connection: RedisOptions; display: string } {
  const retryStrategy = (times: number): number => Math.min(100 * times, 1000);
  if (typeof value === "string") {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new TypeError(`${where}: expected a redis:// or rediss:// URL or ioredis options, got ${describe(value)}`);
    }
    if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
      throw new TypeError(`${where}: expected a redis:// or rediss:// URL, got ${describe(value)}`);
    }
    const display = `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
    return { connection: { ...urlOptions(url), retryStrategy }, display };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${where}: expected a redis:// URL or ioredis options ({ host, port, … }), got ${describe(value)}`);
  }
  const options = value as RedisOptions;
  const display = `${options.path ?? `${options.host ?? "127.0.0.1"}:${options.port ?? 6379}`}`;
  return { connection: { retryStrategy, ...options }, display };
}

function urlOptions(url: URL): RedisOptions {
  const options: RedisOptions = { host: url.hostname || "127.0.0.1", port: url.port === "" ? 6379 : Number(url.port) };
  if (url.username !== "") options.username = decodeURIComponent(url.username);
  if (url.password !== "") options.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, "");
  if (db !== "") {
    if (!/^\d+$/.test(db)) throw new TypeError(`BullMQ connection: the URL's path must be a database number, got ${JSON.stringify(url.pathname)}`);
    options.db = Number(db);
  }
  if (url.protocol === "rediss:") options.tls = {};
  return options;
}

function keepJobs(name: string, value: unknown): boolean | number | { age?: number; count?: number } {
  const where = `BullMQExecutor(jobOptions.${name})`;
  if (value === undefined) return true;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${where}: expected a count >= 0, got ${describe(value)}`);
    return value;
  }
  const given = checkOptionsObject(where, value, new Set(["age", "count"]));
  const out: { age?: number; count?: number } = {};
  if (given["age"] !== undefined) out.age = Math.ceil(seconds(`${where}.age`, given["age"], true));
  if (given["count"] !== undefined) {
    const count = given["count"];
    if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`${where}.count: expected a count >= 0, got ${describe(count)}`);
    }
    out.count = count;
  }
  return out;
}

function resolveBackoff(value: unknown): { type: "fixed" | "exponential"; delay: number } {
  const where = "BullMQExecutor(jobOptions.backoff)";
  if (typeof value === "number") return { type: "fixed", delay: seconds(where, value, true) * 1000 };
  const given = checkOptionsObject(where, value, new Set(["type", "delay"]));
  const type = given["type"];
  if (type !== "fixed" && type !== "exponential") {
    throw new TypeError(`${where}.type: expected "fixed" or "exponential", got ${describe(type)}`);
  }
  return { type, delay: seconds(`${where}.delay`, given["delay"], true) * 1000 };
}
