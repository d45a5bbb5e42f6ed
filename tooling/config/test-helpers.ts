// Test fixtures shared by the packages whose tests drive tasks on TestLoop (sync, queue): a
// timer-backed sleep (no dependency on @aio/combinators),
// loop stepping, and a compact way to describe a task's outcome.
import { _getRunningLoop, _setRunningLoop, getRunningLoop, type EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";

/** A future that gets `result` after `delay` seconds of loop time; cancelling it drops the timer. */
export function sleep<T = undefined>(delay: number, result?: T, loop: EventLoop = getRunningLoop()): Future<T> {
  const fut = new Future<T>({ loop });
  const timer = loop.callLater(delay, () => {
    if (!fut.done()) fut.setResult(result as T);
  });
  fut.addDoneCallback(() => timer.cancel());
  return fut;
}

/** Runs exactly `iterations` loop iterations: the callbacks ready now, then what they schedule, ... */
export function step(loop: TestLoop, iterations = 1): void {
  for (let i = 0; i < iterations; i++) loop._synchronously(() => loop._runOnce());
}

/** Lets pending microtasks (async-function continuations) run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Alternates loop iterations and microtask flushes until nothing is ready: for async-function tasks. */
export async function settle(loop: TestLoop, rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    loop.runUntilIdle();
    await flushMicrotasks();
  }
}

/** What `outcome()` reads: any future or task, whatever its result type. */
export interface Outcome {
  done(): boolean;
  cancelled(): boolean;
  exception(): unknown;
  result(): unknown;
}

/** "pending", "cancelled", "result <v>" or "error <Name>: <message>". */
export function outcome(t: Outcome): string {
  if (!t.done()) return "pending";
  if (t.cancelled()) return "cancelled";
  const e = t.exception();
  return e === null ? `result ${String(t.result())}` : `error ${(e as Error).name}: ${(e as Error).message}`;
}

/**
 * One loop iteration, then the microtasks it queued (so async-function tasks keep pace with
 * generator ones). The loop stays the running loop while they run, as between the turns of
 * `runForever()`.
 */
export async function tick(loop: TestLoop, iterations = 1): Promise<void> {
  for (let i = 0; i < iterations; i++) {
    step(loop);
    const previous = _getRunningLoop();
    _setRunningLoop(loop);
    try {
      await flushMicrotasks();
    } finally {
      _setRunningLoop(previous);
    }
  }
}

/** The two ways to write a coroutine; race tests run once per style. */
export const STYLES = ["generator", "async"] as const;
export type Style = (typeof STYLES)[number];
