// Shared fixtures: a TestLoop per test, an event log stamped with virtual time and task name.
import type { CoroutineSource } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { currentTask } from "@aio/task";

/** A fresh TestLoop (autojump) and a log of `[time, ...what]` entries. */
export function setup(): { loop: TestLoop; events: unknown[][]; log: (...what: unknown[]) => void } {
  const loop = new TestLoop();
  const events: unknown[][] = [];
  const log = (...what: unknown[]): void => {
    events.push([loop.time(), ...what]);
  };
  return { loop, events, log };
}

/** Runs `main` as a task on a fresh TestLoop and returns its result plus the loop. */
export async function run<T>(main: CoroutineSource<T>, loop = new TestLoop()): Promise<T> {
  return loop.runUntilComplete(main);
}

/** The name of the task running now, or "-". */
export function who(): string {
  return currentTask()?.getName() ?? "-";
}

/** A settled outcome: the value, or `!Name:message` for an error. */
export function outcome(f: { done(): boolean; cancelled(): boolean; exception(): unknown; result(): unknown }): unknown {
  if (!f.done()) return "pending";
  if (f.cancelled()) return "cancelled";
  const e = f.exception();
  return e === null ? f.result() : `!${(e as Error).name}:${(e as Error).message}`;
}

/** `!Name:message` for an error thrown by `fn`, else the value. */
export function errorOf(e: unknown): string {
  return `!${(e as Error).name}:${(e as Error).message}`;
}

/** A local Error subclass, so tests can tell their own errors apart. */
export class Boom extends Error {
  override name = "Boom";
}
