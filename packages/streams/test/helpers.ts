// Shared fixtures for the streams tests: a real loop per test, the port a server listens on,
// and byte helpers.
import type { AddressInfo } from "node:net";
import { run } from "@aio/loop";
import type { Server } from "../src/index.js";

/** Runs `main` on a fresh real-time loop (what `asyncio.run` does). */
export const runMain = run;

/** The port of a server's first listening socket. */
export function portOf(server: Server): number {
  return (server.sockets[0]!.address() as AddressInfo).port;
}

/** Bytes of a string. */
export function b(s: string): Buffer {
  return Buffer.from(s);
}

/** A deterministic pseudo-random payload of `n` bytes. */
export function payload(n: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** The two coroutine styles every test that runs user coroutines covers. */
export const STYLES = ["generator", "async"] as const;
export type Style = (typeof STYLES)[number];

/**
 * A coroutine source that awaits what `make()` returns, in the given style: `yield*` from a
 * generator function, or `await` from an async function.
 */
export function awaiting<T>(style: Style, make: () => import("@aio/core").Awaitable<T>): (() => Promise<T>) | (() => Generator<unknown, T, unknown>) {
  if (style === "generator") {
    return function* () {
      return yield* make();
    };
  }
  return async () => await make();
}
