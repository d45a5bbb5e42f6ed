// Shared fixtures for the subprocess tests: process states from /proc, and a guard for real waits.
import { readFileSync } from "node:fs";
import type { Awaitable } from "@aio/core";
import { waitFor } from "@aio/combinators";

/**
 * The state letter of process `pid` from /proc/<pid>/stat ("R", "S", "Z" for a zombie, ...), or
 * null once the process is gone (reaped).
 */
export function procState(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // "pid (comm) S ...": comm may contain spaces and parentheses; the state follows the last ")".
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
}

/** True while process `pid` exists and is not a zombie (running, sleeping, in a system call...). */
export function isRunning(pid: number): boolean {
  const state = procState(pid);
  return state !== null && state !== "Z" && state !== "X";
}

/** Polls (real time, every 5 ms) until `check()` is true; false if `timeoutMs` passes first. */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** `aw`, failing with TimeoutError after `seconds` instead of hanging the test run. */
export function guarded<T>(aw: Awaitable<T>, seconds = 10): Awaitable<T> {
  return waitFor(aw, seconds);
}

/** `n` bytes that are not all alike (so a reordering or a lost chunk shows). */
export function pattern(n: number, seed = 1): Buffer {
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
