// Shared fixtures for the future tests.
import type { EventLoop } from "@aio/core";

/**
 * Counts loop iterations: a callback that re-schedules itself with callSoon runs exactly once per
 * iteration (CPython's snapshot rule), so `count()` is the number of the iteration running now.
 * It stops after `limit` iterations so that runUntilIdle() terminates.
 */
export function iterationCounter(loop: EventLoop, limit = 50): { count(): number } {
  let n = 0;
  const tick = (): void => {
    n++;
    if (n < limit) loop.callSoon(tick);
  };
  loop.callSoon(tick);
  return { count: () => n };
}

/** Lets the macrotask queue (and the microtasks before it) run once. */
export const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
