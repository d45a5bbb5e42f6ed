// Shared fixtures: a TestLoop per test, an event log stamped with virtual time and task name.
import { CancelledError, getRunningLoop, type Awaitable, type Coroutine, type CoroutineSource } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { createTask, currentTask } from "@aio/task";
import { sleep } from "@aio/combinators";

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

/** The two coroutine styles every behaviour is tested in. */
export const STYLES = ["generator", "async"] as const;
/** A coroutine style: a generator function (`yield*`) or an async function (`await`). */
export type Style = (typeof STYLES)[number];

/** A generator function or an async function (what a body or `createTask` takes). */
export type CoroutineFn<T = unknown> = (() => Coroutine<T>) | (() => Promise<T>);

/**
 * A coroutine function in `style` that logs `<tag>: body start`, waits `sleep(1)` and logs
 * `<tag>: body end`, or `<tag>: body cancelled` if that wait is cancelled.
 */
export function loggedBody(style: Style, tag: string, log: (what: string) => void): CoroutineFn<void> {
  if (style === "async") {
    return async () => {
      log(`${tag}: body start`);
      try {
        await sleep(1);
        log(`${tag}: body end`);
      } catch (e) {
        log(`${tag}: body cancelled`);
        throw e;
      }
    };
  }
  return function* () {
    log(`${tag}: body start`);
    try {
      yield* sleep(1);
      log(`${tag}: body end`);
    } catch (e) {
      log(`${tag}: body cancelled`);
      throw e;
    }
  };
}

/**
 * Actors: a caller task (in `callerStyle`) that logs `<tag>: caller start` and awaits `op()`, and a
 * callback queued right behind the caller's first step, in the same iteration, that cancels the
 * caller. The loop log gets what both do, then `<tag>: t cancelled=<bool> at <time>`.
 */
export function* cancelRightAfterStart(
  callerStyle: Style,
  tag: string,
  op: () => Awaitable<unknown>,
  log: (what: string) => void,
): Coroutine<void> {
  const caller: CoroutineFn =
    callerStyle === "async"
      ? async () => {
          log(`${tag}: caller start`);
          try {
            await op();
          } catch (e) {
            log(`${tag}: caller ${e instanceof CancelledError ? "cancelled" : (e as Error).name}`);
            throw e;
          }
        }
      : function* () {
          log(`${tag}: caller start`);
          try {
            yield* op();
          } catch (e) {
            log(`${tag}: caller ${e instanceof CancelledError ? "cancelled" : (e as Error).name}`);
            throw e;
          }
        };
  const loop = getRunningLoop();
  const t = createTask(caller);
  loop.callSoon(() => t.cancel()); // runs right after t's first step
  try {
    yield* t;
  } catch {
    log(`${tag}: t cancelled=${t.cancelled()} at ${loop.time()}`);
  }
}
