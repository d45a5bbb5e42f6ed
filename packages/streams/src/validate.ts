// Argument checks shared by the streams package. Each throws an error that names the function and
// the argument, says what was expected and shows what came. Hot paths test the common case inline
// and call these only when it fails.
import { _checkLoop, _describe as describe, getRunningLoop, type EventLoop } from "@aio/core";

export { describe };

/** @internal The default `limit` of a StreamReader (64 KiB, as asyncio). */
export const DEFAULT_LIMIT = 65536;

/** @internal The default high-water mark of a write buffer (64 KiB, as asyncio). */
export const DEFAULT_HIGH_WATER = 65536;

/** @internal Throws the TypeError for data that is not bytes. */
export function badBytes(fn: string, name: string, x: unknown): never {
  throw new TypeError(
    `${fn}(${name}): expected a Uint8Array (a Buffer is one; encode strings with Buffer.from or TextEncoder), got ${describe(x)}`,
  );
}

/** @internal `x` as a Buffer view (no copy); throws a TypeError naming the argument otherwise. */
export function asBuffer(fn: string, name: string, x: unknown): Buffer {
  if (Buffer.isBuffer(x)) return x;
  if (x instanceof Uint8Array) return Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  return badBytes(fn, name, x);
}

/** @internal Refuses anything but a plain options object (or undefined). */
export function checkOptions(fn: string, shape: string, options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new TypeError(`${fn}(options): expected an options object ${shape}, got ${describe(options)}`);
  }
}

/** @internal `options.loop` if given (checked), else the running loop. */
export function loopFrom(fn: string, loop: unknown): EventLoop {
  if (loop == null) return getRunningLoop();
  _checkLoop(fn, "options.loop", loop);
  return loop;
}

/** @internal Checks `limit` (a positive integer or Infinity-free number). */
export function checkLimit(fn: string, limit: unknown): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (typeof limit !== "number") throw new TypeError(`${fn}(options.limit): expected a number of bytes, got ${describe(limit)}`);
  if (!(limit > 0)) throw new RangeError(`${fn}(options.limit): Limit cannot be <= 0, got ${describe(limit)}`);
  return limit;
}

/** @internal CPython's water-mark rules: returns `[high, low]`. */
export function waterMarks(fn: string, high: unknown, low: unknown): [number, number] {
  if (high != null && typeof high !== "number") throw new TypeError(`${fn}(high): expected a number of bytes or null, got ${describe(high)}`);
  if (low != null && typeof low !== "number") throw new TypeError(`${fn}(low): expected a number of bytes or null, got ${describe(low)}`);
  let h = high as number | null | undefined;
  let l = low as number | null | undefined;
  if (h == null) h = l == null ? DEFAULT_HIGH_WATER : 4 * l;
  if (l == null) l = Math.floor(h / 4);
  if (!(h >= l && l >= 0)) throw new RangeError(`${fn}(high, low): high (${h}) must be >= low (${l}) must be >= 0`);
  return [h, l];
}

/** @internal Checks a port argument: an integer 0..65535 (or a numeric string, as Node accepts). */
export function checkPort(fn: string, port: unknown): number {
  const p = typeof port === "string" && /^\d+$/.test(port) ? Number(port) : port;
  if (typeof p !== "number") throw new TypeError(`${fn}(port): expected a port number, got ${describe(port)}`);
  if (!Number.isInteger(p) || p < 0 || p > 65535) throw new RangeError(`${fn}(port): expected an integer from 0 to 65535, got ${describe(port)}`);
  return p;
}

/** @internal Checks a host argument: a string, or null/undefined for "any" (servers) / localhost (clients). */
export function checkHost(fn: string, host: unknown): string | null {
  if (host == null) return null;
  if (typeof host !== "string") throw new TypeError(`${fn}(host): expected a host name or address (string) or null, got ${describe(host)}`);
  return host;
}

/** @internal Checks a callable argument. */
export function checkFunction(fn: string, name: string, x: unknown): asserts x is (...args: never[]) => unknown {
  if (typeof x !== "function") throw new TypeError(`${fn}(${name}): expected a function, got ${describe(x)}`);
}

/** @internal Checks a Unix socket path. */
export function checkPath(fn: string, path: unknown): string {
  if (typeof path !== "string" || path.length === 0) throw new TypeError(`${fn}(path): expected a socket path (non-empty string), got ${describe(path)}`);
  return path;
}
