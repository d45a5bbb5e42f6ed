// What reaches the loop's exception handler about tasks: failed tasks nobody read (when they are
// collected, forced here with V8's gc()) and tasks still pending when their loop closes.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { Task, allTasks } from "@aio/task";
import { TestLoop } from "@aio/loop";
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
