// Debug mode: a cancelled task that does not reach a cancellation point within
// loop.slowCancelDuration seconds (loop time) is reported through the exception handler.
import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine, type ExceptionContext } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, createTask } from "@aio/task";
import { sleep } from "./helpers.js";

const SLOW = "has not reached a cancellation point";

/** A TestLoop whose reports are collected with the loop time they came at. */
function debugLoop(debug = true): { loop: TestLoop; reports: (ExceptionContext & { at: number })[] } {
  const loop = new TestLoop({ debug });
  const reports: (ExceptionContext & { at: number })[] = [];
  loop.setExceptionHandler((l, ctx) => {
    if (ctx.message.includes(SLOW)) reports.push({ ...ctx, at: l.time() });
  });
  return { loop, reports };
}

/** A future whose cancel() refuses, as a hand-written future might. */
class Stubborn<T> extends Future<T> {
  override cancel(): boolean {
    return false;
  }
}

describe("debug mode: slow cancellation report", () => {
  it("reports once an async-function task stuck on a never-settling foreign promise, naming it and where it waits", async () => {
    const { loop, reports } = debugLoop();
    let t!: Task<void>;
    await loop.runUntilComplete(async () => {
      t = createTask(
        async () => {
          await sleep(0.5);
          await new Promise<void>(() => {}); // foreign: a cancellation cannot land here
        },
        { name: "fetcher" },
      );
      await sleep(1);
      t.cancel();
      t.cancel(); // a second request adds no second report
      await sleep(5);
    });
    expect(reports.length).toBe(1);
    const r = reports[0]!;
    expect(r.at).toBe(2); // 1 s (the default slowCancelDuration) after the cancel
    expect(r.message).toBe(`Task fetcher was cancelled 1.000 s ago and ${SLOW}`);
    expect(r.task === t).toBe(true);
    expect(String(r.task)).toContain("name=fetcher");
    expect(r.waiting_on).toMatch(/not an @aio awaitable \(a foreign promise\).*currentTask\(\)\.signal/);
    // Where the task was created (debug mode records it): the createTask line of this file.
    expect(r.source_traceback).toMatch(/^at .*slow-cancel\.test\.ts:\d+/);
    expect(t.done()).toBe(false);
    loop.setExceptionHandler(() => {});
    loop.close();
  });

  it("reports a generator task whose awaited future refuses to be cancelled", async () => {
    const { loop, reports } = debugLoop();
    loop.slowCancelDuration = 3;
    const stubborn = new Stubborn<number>({ loop });
    let t!: Task<number>;
    await loop.runUntilComplete(function* (): Coroutine<void> {
      t = createTask(function* worker(): Coroutine<number> {
        return yield* stubborn;
      });
      yield* sleep(1);
      t.cancel();
      yield* sleep(10);
      stubborn.setResult(1);
      yield* sleep(0);
    });
    expect(reports.length).toBe(1);
    expect(reports[0]!.at).toBe(4);
    expect(reports[0]!.message).toContain("cancelled 3.000 s ago");
    expect(reports[0]!.waiting_on).toBe("awaiting <Future pending>, whose cancel() did not take");
    expect(reports[0]!.source_traceback).toMatch(/slow-cancel\.test\.ts/);
    // The request landed in the end, at the next step.
    expect(t.cancelled()).toBe(true);
  });

  it("says nothing when the cancellation lands at an @aio await in time (async function)", async () => {
    const { loop, reports } = debugLoop();
    const seen: string[] = [];
    let settle!: () => void;
    await loop.runUntilComplete(async () => {
      const t = createTask(async () => {
        // A foreign promise (settled right after the cancel), then an @aio await.
        await new Promise<void>((resolve) => (settle = resolve));
        try {
          await sleep(10);
        } catch (e) {
          seen.push(`${(e as Error).name} at ${loop.time()}`);
          await sleep(5); // cleanup that takes long is fine: the request did land
          throw e;
        }
      });
      await sleep(1);
      t.cancel();
      settle();
      await expect(t).rejects.toBeInstanceOf(CancelledError);
    });
    expect(seen).toEqual(["CancelledError at 1"]);
    expect(reports).toEqual([]);
  });

  it("says nothing when the cancellation lands in time (generator), even if the task carries on", async () => {
    const { loop, reports } = debugLoop();
    await loop.runUntilComplete(function* (): Coroutine<void> {
      const t = createTask(function* (): Coroutine<string> {
        try {
          yield* sleep(10);
        } catch {
          yield* sleep(5);
        }
        return "caught";
      });
      yield* sleep(1);
      t.cancel();
      expect(yield* t).toBe("caught");
    });
    expect(reports).toEqual([]);
  });

  it("says nothing for a task that finishes, or is uncancelled, before the check", async () => {
    const { loop, reports } = debugLoop();
    let settle!: () => void;
    await loop.runUntilComplete(async () => {
      const quick = createTask(async () => {
        await new Promise<void>((resolve) => (settle = resolve));
      });
      const forgiven = createTask(async () => {
        await new Promise<void>(() => {});
      });
      await sleep(0);
      quick.cancel();
      forgiven.cancel();
      forgiven.uncancel();
      await sleep(0.5);
      settle(); // quick returns: it ends cancelled (the request was pending when it returned)
      await sleep(5);
      expect(quick.cancelled()).toBe(true);
      expect(forgiven.done()).toBe(false);
    });
    expect(reports).toEqual([]);
    loop.setExceptionHandler(() => {});
    loop.close();
  });

  it("is off without debug mode, and with slowCancelDuration set to Infinity", async () => {
    for (const [debug, duration] of [[false, 1], [true, Infinity]] as const) {
      const { loop, reports } = debugLoop(debug);
      loop.slowCancelDuration = duration;
      await loop.runUntilComplete(async () => {
        const t = createTask(async () => {
          await new Promise<void>(() => {});
        });
        await sleep(1);
        t.cancel();
        await sleep(5);
      });
      expect(reports).toEqual([]);
      loop.setExceptionHandler(() => {});
      loop.close();
    }
  });

  it("is printed by the default handler with the task, what it waits on and where it was created", async () => {
    const loop = new TestLoop({ debug: true });
    const printed: string[] = [];
    const error = console.error;
    console.error = (text: unknown) => printed.push(String(text));
    try {
      await loop.runUntilComplete(async () => {
        const t = createTask(async function stuck() {
          await sleep(0);
          await new Promise<void>(() => {});
        });
        await sleep(1);
        t.cancel();
        await sleep(2);
      });
    } finally {
      console.error = error;
    }
    const report = printed.find((p) => p.includes(SLOW))!;
    expect(report.split("\n").slice(0, 1)).toEqual([`Task Task-${/Task-(\d+)/.exec(report)![1]} was cancelled 1.000 s ago and ${SLOW}`]);
    expect(report).toMatch(/^source_traceback: at .*slow-cancel\.test\.ts/m);
    expect(report).toMatch(/^task: <Task cancelling name=Task-\d+ coro=stuck>$/m);
    expect(report).toMatch(/^waiting_on: awaiting something that is not an @aio awaitable/m);
    loop.setExceptionHandler(() => {});
    loop.close();
  });
});
