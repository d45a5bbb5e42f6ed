// Shared by the browser tests of WebWorkerExecutor.
import type { ConcurrentFutureLike } from "@aio/core";

/** Waits (polling, real time) until `check()` is true; fails after `ms`. */
export async function until(check: () => boolean, ms = 5000, what = "the condition"): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The error a future ends with, or "no error". */
export async function failure(f: ConcurrentFutureLike<unknown>): Promise<unknown> {
  try {
    await f;
    return "no error";
  } catch (error) {
    return error;
  }
}

/** `Name: message` of an error. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
