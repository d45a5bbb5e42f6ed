// Shared fixtures for the task tests. Until @aio/combinators exists these stand in for its sleep():
// a future completed by a loop timer, cancelling the future cancels the timer.
import { getRunningLoop, type EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import type { ExceptionContext } from "@aio/core";

/** A future that gets `result` after `delay` seconds of loop time; cancelling it drops the timer. */
export function sleep<T = undefined>(delay: number, result?: T, loop: EventLoop = getRunningLoop()): Future<T> {
  const fut = new Future<T>({ loop });
  const timer = loop.callLater(delay, () => {
    if (!fut.done()) fut.setResult(result as T);
  });
  fut.addDoneCallback(() => timer.cancel());
  return fut;
}

/** A log of `[loop time, what]` entries. */
export class Log {
  readonly lines: string[] = [];
  constructor(private readonly loop: EventLoop) {}
  add(what: string): void {
    this.lines.push(`${this.loop.time()} ${what}`);
  }
}

/** A TestLoop whose exception handler collects every report instead of printing it. */
export function quietLoop(options: { autojump?: boolean } = {}): { loop: TestLoop; reports: ExceptionContext[] } {
  const loop = new TestLoop(options);
  const reports: ExceptionContext[] = [];
  loop.setExceptionHandler((_l, ctx) => {
    reports.push(ctx);
  });
  return { loop, reports };
}

/** Runs exactly one loop iteration: the callbacks ready now, not what they schedule. */
export function step(loop: TestLoop, iterations = 1): void {
  for (let i = 0; i < iterations; i++) loop._synchronously(() => loop._runOnce());
}

/** Lets pending microtasks (async-function continuations) run. */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
