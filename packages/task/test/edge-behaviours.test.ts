// Behaviours that no other test pinned down (found by mutation testing): each test names what must hold.
import { describe, expect, it } from "vitest";
import { CancelledError } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, createTask } from "@aio/task";
import { quietLoop, sleep, step } from "./helpers.js";

describe("awaiting one future from several tasks", () => {
  it("two generator tasks can yield* the same pending future and both get its result", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const a = new Task(function* () {
      return (yield* fut) + 1;
    }, { loop });
    const b = new Task(function* () {
      return (yield* fut) + 2;
    }, { loop });
    step(loop); // both tasks now wait on fut
    expect(a.done() || b.done()).toBe(false);
    fut.setResult(10);
    await loop.runUntilComplete(b);
    expect([a.result(), b.result()]).toEqual([11, 12]);
  });

  it("two async-function tasks can await the same pending future and both get its result", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const a = new Task(async () => (await fut) + 1, { loop });
    const b = new Task(async () => (await fut) + 2, { loop });
    loop.callLater(1, () => fut.setResult(10));
    await loop.runUntilComplete(b);
    expect([a.result(), b.result()]).toEqual([11, 12]);
  });
});

describe("cancel() counting before the cancellation lands", () => {
  for (const style of ["generator", "async"] as const) {
    it(`cancel(); cancel(); uncancel() still lands the cancellation (${style})`, async () => {
      const loop = new TestLoop();
      const t =
        style === "generator"
          ? new Task(function* () {
              yield* sleep(10, undefined, loop);
              return "finished";
            }, { loop })
          : new Task(async () => {
              await sleep(10, undefined, loop);
              return "finished";
            }, { loop });
      await loop.runUntilComplete(sleep(1, undefined, loop)); // t waits in its sleep
      expect(t.cancel()).toBe(true);
      expect(t.cancel()).toBe(true);
      expect(t.cancelling()).toBe(2);
      expect(t.uncancel()).toBe(1);
      await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
      expect(t.cancelled()).toBe(true);
      expect(loop.time()).toBe(1); // it did not sleep on to 10
    });
  }
});

describe("a task that handles its cancellation", () => {
  for (const style of ["generator", "async"] as const) {
    it(`catches the CancelledError at its await, awaits again and returns normally (${style})`, async () => {
      const loop = new TestLoop();
      const seen: string[] = [];
      const t =
        style === "generator"
          ? new Task(function* () {
              try {
                yield* sleep(10, undefined, loop);
              } catch (e) {
                seen.push(`caught ${(e as Error).name}`);
              }
              const v = yield* sleep(2, "later", loop);
              seen.push(`awaited ${v}`);
              return "done";
            }, { loop })
          : new Task(async () => {
              try {
                await sleep(10, undefined, loop);
              } catch (e) {
                seen.push(`caught ${(e as Error).name}`);
              }
              const v = await sleep(2, "later", loop);
              seen.push(`awaited ${v}`);
              return "done";
            }, { loop });
      loop.callLater(1, () => t.cancel());
      expect(await loop.runUntilComplete(t)).toBe("done");
      expect(seen).toEqual(["caught CancelledError", "awaited later"]);
      expect(t.cancelled()).toBe(false);
      expect(t.cancelling()).toBe(1); // not withdrawn: the task did not call uncancel()
      expect(loop.time()).toBe(3);
    });
  }
});

describe("cancel() on a finished task", () => {
  it("returns false and marks a failed task's error as read: no 'never retrieved' report", async () => {
    const { loop, reports } = quietLoop();
    const t = createTask(
      (async () => {
        throw new Error("boom");
      })(),
      { loop },
    );
    await loop.runUntilComplete(sleep(1, undefined, loop));
    expect(t.done()).toBe(true);
    expect(t.cancel()).toBe(false);
    loop.close();
    expect(reports).toEqual([]);
  });

  it("without cancel(), the same failed task is reported when its loop closes", async () => {
    const { loop, reports } = quietLoop();
    createTask(
      (async () => {
        throw new Error("boom");
      })(),
      { loop },
    );
    await loop.runUntilComplete(sleep(1, undefined, loop));
    loop.close();
    expect(reports.map((r) => r.message)).toEqual([expect.stringContaining("never retrieved")]);
  });
});

describe("task.signal after a handled cancellation", () => {
  for (const style of ["generator", "async"] as const) {
    it(`is fresh again once uncancel() withdraws every request (${style})`, async () => {
      const loop = new TestLoop();
      const seen: string[] = [];
      const body = (t: () => Task<unknown>) => {
        const first = t().signal;
        seen.push(`before ${first.aborted}`);
        return first;
      };
      let self!: Task<unknown>;
      self =
        style === "generator"
          ? new Task(function* () {
              const first = body(() => self);
              try {
                yield* sleep(10, undefined, loop);
              } catch {
                seen.push(`caught, signal aborted ${first.aborted}, cancelling ${self.cancelling()}`);
                self.uncancel();
              }
              seen.push(`after uncancel: fresh ${self.signal !== first}, aborted ${self.signal.aborted}`);
            }, { loop })
          : new Task(async () => {
              const first = body(() => self);
              try {
                await sleep(10, undefined, loop);
              } catch {
                seen.push(`caught, signal aborted ${first.aborted}, cancelling ${self.cancelling()}`);
                self.uncancel();
              }
              seen.push(`after uncancel: fresh ${self.signal !== first}, aborted ${self.signal.aborted}`);
            }, { loop });
      loop.callLater(1, () => self.cancel());
      await loop.runUntilComplete(self);
      expect(seen).toEqual(["before false", "caught, signal aborted true, cancelling 1", "after uncancel: fresh true, aborted false"]);
    });
  }

  it("stays aborted while a request is still pending", async () => {
    const loop = new TestLoop();
    const t = new Task(async () => {
      await sleep(10, undefined, loop);
    }, { loop });
    await loop.runUntilComplete(sleep(1, undefined, loop));
    t.cancel();
    t.cancel();
    const s = t.signal;
    expect(t.uncancel()).toBe(1);
    expect(t.signal).toBe(s);
    expect(s.aborted).toBe(true);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("an async-function task whose loop closed under it", () => {
  for (const outcome of ["returns", "throws"] as const) {
    it(`stays pending when its function ${outcome} after loop.close(), and nothing is thrown or reported`, async () => {
      const { loop, reports } = quietLoop();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const t = new Task(async () => {
        await gate;
        if (outcome === "throws") throw new Error("too late");
        return 1;
      }, { loop });
      step(loop); // the task starts and waits on the native promise
      loop.close();
      const reportsAtClose = reports.length;
      release();
      await new Promise((r) => setImmediate(r));
      expect(t.done()).toBe(false);
      expect(reports).toHaveLength(reportsAtClose);
    });
  }
});
