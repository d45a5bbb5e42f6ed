// What reaches the loop's exception handler about tasks: failed tasks nobody read (when they are
// collected, forced here with V8's gc()) and tasks still pending when their loop closes.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { getRunningLoop } from "@aio/core";
import { Task, allTasks, createTask } from "@aio/task";
import { TestLoop, run } from "@aio/loop";
import { quietLoop, sleep, step } from "./helpers.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * Collects garbage until `until()` holds or `rounds` have passed. A WeakRef read keeps its target
 * alive until the current job ends, so `until()` is only asked after an await, never before gc().
 */
async function collect(until: () => boolean, rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setImmediate(r));
    gc();
    await new Promise((r) => setImmediate(r));
    if (until()) return;
  }
}

// Each helper makes its task in its own frame, so nothing but the loop can keep it alive.
function failingTask(loop: TestLoop, error: Error, name: string): WeakRef<Task<void>> {
  return new WeakRef(
    new Task(function* () {
      yield;
      throw error;
    }, { loop, name }),
  );
}

function finishingTask(loop: TestLoop): WeakRef<Task<number>> {
  return new WeakRef(new Task(function* () { return 1; }, { loop }));
}

describe('"Task exception was never retrieved"', () => {
  it("reaches the exception handler when a failed task nobody read is collected", async () => {
    const { loop, reports } = quietLoop();
    const err = new Error("lost");
    failingTask(loop, err, "orphan");
    step(loop, 3);
    await collect(() => reports.length > 0);
    expect(reports.length).toBe(1);
    expect(reports[0]!.message).toBe("Task exception was never retrieved");
    expect(reports[0]!.exception).toBe(err);
    expect(String(reports[0]!.future_repr)).toMatch(/^<Task finished name=orphan coro=generator exception=Error\("lost"\)>$/);
  });

  it("is not reported once the error was read, awaited, or the task was cancelled", async () => {
    const { loop, reports } = quietLoop();
    const read = failingTask(loop, new Error("read"), "read");
    const awaited = failingTask(loop, new Error("awaited"), "awaited");
    const cancelled = failingTask(loop, new Error("never raised"), "cancelled");
    cancelled.deref()!.cancel();
    const parent = new Task(function* () {
      try {
        yield* awaited.deref()!;
      } catch {
        /* read by awaiting */
      }
    }, { loop });
    step(loop, 4);
    read.deref()!.exception();
    expect(parent.done()).toBe(true);
    await collect(() => read.deref() === undefined && awaited.deref() === undefined);
    await collect(() => false, 3);
    expect(reports).toEqual([]);
  });
});

describe("failed tasks nobody awaits are reported and freed", () => {
  // The error is made where it is thrown, inside the coroutine, so its stack trace has the task's
  // frames in it (an error made outside, as above, does not): those frames must not keep the task.
  function throwingTask(loop: TestLoop, style: "generator" | "async", i: number): WeakRef<Task<void>> {
    return new WeakRef(
      style === "generator"
        ? new Task(function* () {
            yield;
            throw new Error(`boom ${i}`);
          }, { loop })
        : new Task(async () => {
            await sleep(0, undefined, loop);
            throw new Error(`boom ${i}`);
          }, { loop }),
    );
  }

  for (const style of ["generator", "async"] as const) {
    it(`reports each one when it is collected, and the task is collected (${style})`, async () => {
      const { loop, reports } = quietLoop();
      const refs = Array.from({ length: 20 }, (_, i) => throwingTask(loop, style, i));
      await loop.runUntilComplete(sleep(1, undefined, loop));
      await collect(() => refs.every((r) => r.deref() === undefined) && reports.length === 20);
      expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
      expect(reports.map((r) => r.message)).toEqual(Array(20).fill("Task exception was never retrieved"));
      expect(new Set(reports.map((r) => (r.exception as Error).message)).size).toBe(20);
    });
  }

  it("reports the ones not collected yet when the loop closes, once each", async () => {
    const { loop, reports } = quietLoop();
    const kept = [0, 1, 2].map(() =>
      new Task(function* () {
        yield;
        throw new Error("kept");
      }, { loop }),
    );
    step(loop, 3);
    expect(kept.every((t) => t.done())).toBe(true);
    expect(reports).toEqual([]); // still referenced: the collector cannot report them
    loop.close();
    expect(reports.map((r) => r.message)).toEqual(Array(3).fill("Task exception was never retrieved"));
    expect(reports.every((r, i) => r.future === kept[i])).toBe(true);
    loop.close();
    await collect(() => false, 2);
    expect(reports).toHaveLength(3);
  });

  it("run() reports a fire-and-forget task that failed, without waiting for the collector", async () => {
    const reports: string[] = [];
    const kept: unknown[] = [];
    await run(async () => {
      getRunningLoop().setExceptionHandler((_l, ctx) => reports.push(`${ctx.message}: ${(ctx.exception as Error).message}`));
      kept.push(createTask(async () => {
        throw new Error("nobody listens");
      }));
      await sleep(0.001);
    });
    expect(reports).toEqual(["Task exception was never retrieved: nobody listens"]);
  });
});

describe("pending tasks and the garbage collector", () => {
  it("keeps a fire-and-forget task alive while it is pending", async () => {
    const loop = new TestLoop();
    const ran: string[] = [];
    (() => {
      new Task(function* () {
        yield* sleep(10, undefined, loop);
        ran.push("finished");
      }, { loop });
    })();
    step(loop);
    await collect(() => false, 3);
    loop.advance(10);
    step(loop, 2);
    expect(ran).toEqual(["finished"]);
  });

  it("does not keep finished tasks alive", async () => {
    const loop = new TestLoop();
    const ref = finishingTask(loop);
    step(loop, 2);
    await collect(() => ref.deref() === undefined);
    expect(ref.deref()).toBe(undefined);
  });
});

describe('"Task was destroyed but it is pending!"', () => {
  it("is reported for each task still pending when the loop closes", () => {
    const { loop, reports } = quietLoop();
    const t = new Task(function* () { yield* sleep(10, undefined, loop); }, { loop, name: "stuck" });
    step(loop);
    loop.close();
    expect(reports.length).toBe(1);
    expect(reports[0]!.message).toBe("Task was destroyed but it is pending!");
    expect(reports[0]!.task === t).toBe(true);
  });

  it("is not reported for the task runUntilComplete made, nor for finished tasks", async () => {
    const { loop, reports } = quietLoop();
    new Task(function* () { return 1; }, { loop });
    await loop.runUntilComplete(function* () {
      yield;
      loop.stop();
      yield* sleep(1);
    }).catch(() => {});
    loop.close();
    expect(reports).toEqual([]);
  });
});

describe("debug mode: where a task was created", () => {
  async function slowCancelReportOf(debugAtCreation: boolean) {
    const { loop, reports } = quietLoop();
    loop.setDebug(debugAtCreation);
    const t = new Task(async () => {
      await new Promise<void>(() => {}); // foreign: the cancellation cannot land
    }, { loop, name: "stuck" });
    step(loop);
    loop.setDebug(true);
    t.cancel();
    await loop.runUntilComplete(sleep(2, undefined, loop));
    const found = reports.filter((r) => String(r.message).includes("has not reached a cancellation point"));
    expect(found).toHaveLength(1);
    return found[0]!;
  }

  it("is in a slow-cancel report for a task created in debug mode", async () => {
    const report = await slowCancelReportOf(true);
    expect(report.message).toBe("Task stuck was cancelled 1.000 s ago and has not reached a cancellation point");
    expect(typeof report.source_traceback).toBe("string");
    expect(report.source_traceback).toMatch(/reports\.test\.ts/);
  });

  it("is not recorded for a task created before debug mode was switched on", async () => {
    const report = await slowCancelReportOf(false);
    expect(report.message).toBe("Task stuck was cancelled 1.000 s ago and has not reached a cancellation point");
    expect(report.source_traceback).toBeUndefined();
  });

  for (const style of ["generator", "async"] as const) {
    it(`a task cancelled in debug mode that ends promptly leaves no slow-cancel check behind (${style})`, async () => {
      const { loop, reports } = quietLoop();
      loop.setDebug(true);
      const t =
        style === "generator"
          ? new Task(function* () {
              yield* sleep(10, undefined, loop);
            }, { loop })
          : new Task(async () => {
              await sleep(10, undefined, loop);
            }, { loop });
      loop.callLater(0.5, () => t.cancel());
      await expect(loop.runUntilComplete(t)).rejects.toThrow();
      expect(loop.time()).toBe(0.5);
      // Idle, the loop jumps to its next timer: there must be none left (the check is dropped).
      await loop.runUntilComplete(async () => {
        await new Promise<void>((r) => setTimeout(r, 5));
      });
      expect(loop.time()).toBe(0.5);
      expect(reports).toEqual([]);
    });
  }
});
