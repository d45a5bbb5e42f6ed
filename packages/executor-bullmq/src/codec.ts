// What travels through Redis, and how: a job's data (the code to run and its arguments), its
// result, and its error. Values are copied as a ProcessPoolExecutor copies them between processes
// (V8 serialization, the structured clone), kept as text inside BullMQ's JSON; values that JSON
// keeps exactly (strings, finite numbers, booleans, null, flat arrays of them) travel as JSON,
// which is several times cheaper.
import { deserialize, serialize } from "node:v8";
import { TimeoutError } from "@aio/core";
import { _fromWire as fromWire, _toWire as toWire, type _JobCode as JobCode, type _WireError as WireError } from "@aio/executor/internal";
import { WorkerLostError } from "./errors.js";

/**
 * How a job names its code in Redis, kept short (it is in every job): a function's source `s`
 * (with `m: 1` for method shorthand, and `p`, the compiler helpers it calls), or a module task's
 * URL `u` and export `e`.
 */
export type WireCode = { s: string; m?: 1; p?: string } | { u: string; e: string };

/** The `data` of a BullMQ job made by a BullMQExecutor. */
export interface JobData {
  /** Marks the job as ours, and the format's version. */
  readonly aio: 1;
  readonly f: WireCode;
  /** The arguments, packed by `encodeValue`. */
  readonly a: string;
  /** Seconds a run may take, or absent. */
  readonly t?: number;
}

/** True if `data` looks like a job of this package. */
export function isJobData(data: unknown): data is JobData {
  const d = data as JobData | null;
  return d !== null && typeof d === "object" && d.aio === 1 && typeof d.a === "string" && typeof d.f === "object" && d.f !== null;
}

/** The wire form of a job's code. */
export function toWireCode(code: JobCode): WireCode {
  if (code.kind === "module") return { u: code.url, e: code.name };
  const wire: { s: string; m?: 1; p?: string } = { s: code.source ?? "" };
  if (code.shape === "method") wire.m = 1;
  if (code.prelude !== undefined && code.prelude !== "") wire.p = code.prelude;
  return wire;
}

/** The job code a wire form names. */
export function fromWireCode(wire: WireCode): JobCode {
  if ("u" in wire) return { kind: "module", url: wire.u, name: wire.e };
  const code: JobCode = { kind: "source", id: 0, shape: wire.m === 1 ? "method" : "expression", source: wire.s };
  if (wire.p !== undefined) code.prelude = wire.p;
  return code;
}

/**
 * True for a value that JSON keeps exactly: a string, a boolean, null, a finite number other than
 * -0, or a plain array of those (the arguments of most small jobs, and their results).
 */
function jsonSafe(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (depth > 0 || !Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return false;
      for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonSafe(value[i], 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * Packs `value` as text: `j` and JSON when JSON keeps it exactly (fast, and readable in Redis),
 * else `v` and its V8 serialization in base64 (Map, Date, BigInt, typed arrays, undefined, …).
 * Throws the serializer's error for a value that does not clone.
 */
export function encodeValue(value: unknown): string {
  return jsonSafe(value) ? `j${JSON.stringify(value)}` : `v${serialize(value).toString("base64")}`;
}

/** The value `encodeValue` packed. */
export function decodeValue(text: string): unknown {
  if (text.startsWith("j")) return JSON.parse(text.slice(1));
  if (text.startsWith("v")) return deserialize(Buffer.from(text.slice(1), "base64"));
  throw new TypeError(`not a value packed by @aio/executor-bullmq: ${JSON.stringify(text.slice(0, 40))}`);
}

/** The errors the worker makes itself, rebuilt as their own classes on the executor's side. */
const OWN_ERRORS: Record<string, new (message: string) => Error> = { TimeoutError, WorkerLostError };
const OWN = "aio:own";

/**
 * Packs a thrown value (anything a job can throw) for the executor, as text. An error the worker
 * made itself (`own`: a time-out, a lost worker) comes back as its \@aio class.
 */
export function encodeError(thrown: unknown, own = false): string {
  const wire = toWire(thrown);
  if (own && wire.error) wire.props[OWN] = true;
  try {
    return serialize(wire).toString("base64");
  } catch {
    // toWire keeps only cloneable fields, so this is a value V8 and postMessage disagree on.
    return serialize(toWire(new Error(thrown instanceof Error ? thrown.message : String(thrown)))).toString("base64");
  }
}

/** The thrown value `encodeError` packed: an Error with its class name, message, stack, fields and cause. */
export function decodeError(text: string): unknown {
  const wire = deserialize(Buffer.from(text, "base64")) as WireError;
  if (wire.error && wire.props[OWN] === true) {
    const Own = OWN_ERRORS[wire.name];
    delete wire.props[OWN];
    if (Own !== undefined) {
      const error = new Own(wire.message);
      Object.defineProperty(error, "stack", { value: wire.stack, writable: true, configurable: true });
      return error;
    }
  }
  return fromWire(wire);
}

/** The pub/sub channel on which executors ask workers to stop a job. */
export function cancelChannel(prefix: string, queue: string): string {
  return `${prefix}:${queue}:aio:cancel`;
}

/** Where a worker leaves the full error of a job's final failure for the executor (BullMQ keeps only the message). */
export function errorKey(prefix: string, queue: string, jobId: string): string {
  return `${prefix}:${queue}:aio:error:${jobId}`;
}

/** How long an unread error stays in Redis, in seconds. */
export const ERROR_TTL_SECONDS = 24 * 3600;

/** A job's hash field counting the runs a shutting-down worker handed back (they are not lost runs). */
export const HANDED_BACK_FIELD = "aio:handedBack";

/** A cancellation request on the cancel channel. */
export interface CancelMessage {
  readonly id: string;
  readonly reason: string;
}
