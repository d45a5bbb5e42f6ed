import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, createTask, currentTask } from "@aio/task";
import { Log, sleep, step } from "./helpers.js";

/** Runs `main` to completion and returns the outcome of task `t` as a string. */
function outcome<T>(t: Task<T>): string {
  if (!t.done()) return "pending";
  if (t.cancelled()) return "cancelled";
  const e = t.exception();
  return e === null ? `result ${String(t.result())}` : `error ${(e as Error).message}`;
}

describe("Task.cancel()", () => {
  it("cancels the future the task waits on, and the task ends cancelled with the message", async () => {
    const loop = new TestLoop();
    const fut = new Future({ loop });
    const t = new Task(function* () {
      yield* fut;
    }, { loop });
    step(loop);
    expect(t.cancel("stop")).toBe(true);
    expect(fut.cancelled()).toBe(true);
    expect(t.done()).toBe(false); // the task learns it in its next step
    await expect(loop.runUntilComplete(t)).rejects.toThrow("stop");
    expect(t.cancelled()).toBe(true);
    // As in CPython, later readers get a fresh CancelledError without the message.
    expect(() => t.result()).toThrow(CancelledError);
    expect(() => t.exception()).toThrow(CancelledError);
    expect(t.cancel()).toBe(false);
  });

  it("throws CancelledError(msg) into the coroutine at its await, with an empty message by default", async () => {
    const loop = new TestLoop();
    const messages: string[] = [];
    const mk = (): Task<void> =>
      new Task(function* () {
        try {
          yield* sleep(10);
        } catch (e) {
          messages.push(`${(e as Error).name}:${(e as Error).message}`);
          throw e;
        }
      }, { loop });
    const a = mk();
    const b = mk();
    loop.callLater(1, () => a.cancel("why"));
    loop.callLater(1, () => b.cancel());
    await loop.runUntilComplete(function* () {
      yield* sleep(5);
    });
    expect(messages).toEqual(["CancelledError:why", "CancelledError:"]);
    expect(loop.time()).toBe(5);
  });

  it("before the first step never runs the body, for every kind of coroutine", async () => {
    const loop = new TestLoop();
    let ran = 0;
    function* gen(): Coroutine<void> { ran++; }
    const tasks = [
      new Task(gen(), { loop }),
      new Task(gen, { loop }),
      new Task(async () => { ran++; }, { loop }),
    ];
    for (const t of tasks) expect(t.cancel("early")).toBe(true);
    await loop.runUntilComplete(function* () { yield; yield; });
    expect(ran).toBe(0);
    for (const t of tasks) {
      expect(t.cancelled()).toBe(true);
      expect(() => t.result()).toThrow("early");
    }
  });

  it("lands at the next step when the task is ready rather than waiting", () => {
    const loop = new TestLoop();
    const seen: string[] = [];
    const t = new Task(function* () {
      seen.push("before");
      try {
        yield; // bare yield: the task is ready, with no waiter to cancel
        seen.push("not reached");
      } catch (e) {
        seen.push(`caught ${(e as Error).name}`);
        throw e;
      }
    }, { loop });
    step(loop);
    t.cancel();
    step(loop);
    expect(seen).toEqual(["before", "caught CancelledError"]);
    expect(t.cancelled()).toBe(true);
  });

  it("counts repeated requests: cancelling() and uncancel()", () => {
    const loop = new TestLoop();
    const t = new Task(function* () { yield* sleep(1, undefined, loop); }, { loop });
    step(loop);
    expect(t.cancelling()).toBe(0);
    expect(t.cancel()).toBe(true);
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(2);
    expect(t.uncancel()).toBe(1);
    expect(t.uncancel()).toBe(0);
    expect(t.uncancel()).toBe(0); // never below zero
  });

  it("uncancel() to zero drops a request that has not landed yet (3.13)", async () => {
    const loop = new TestLoop();
    const t = new Task(function* () {
      yield* sleep(1);
      return "ran";
    }, { loop });
    t.cancel(); // before the first step: only marks the task
    t.uncancel();
    expect(await loop.runUntilComplete(t)).toBe("ran");
  });

  it("lets a coroutine that catches CancelledError and returns finish normally", async () => {
    const loop = new TestLoop();
    const t = new Task(function* () {
      try {
        yield* sleep(10);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        return "cleaned up";
      }
      return "slept";
    }, { loop });
    loop.callLater(1, () => t.cancel());
    expect(await loop.runUntilComplete(t)).toBe("cleaned up");
    expect(t.cancelled()).toBe(false);
    expect(t.cancelling()).toBe(1); // still counted until someone calls uncancel()
  });

  it("lets finally blocks await, and the task is done only after they finish", async () => {
    const loop = new TestLoop();
    const log = new Log(loop);
    const child = new Task(function* () {
      try {
        yield* sleep(10);
      } finally {
        log.add("cleanup starts");
        yield* sleep(2);
        log.add("cleanup ends");
      }
    }, { loop, name: "child" });
    await loop.runUntilComplete(function* () {
      yield* sleep(1);
      child.cancel();
      try {
        yield* child;
      } catch (e) {
        log.add(`parent sees ${(e as Error).name}, child done=${child.done()}`);
      }
    });
    expect(log.lines).toEqual(["1 cleanup starts", "3 cleanup ends", "3 parent sees CancelledError, child done=true"]);
  });

  it("keeps landing at every later await while the coroutine runs, one cancel() at a time", async () => {
    const loop = new TestLoop();
    const log = new Log(loop);
    const t = new Task(function* () {
      for (let i = 0; i < 3; i++) {
        try {
          yield* sleep(10);
          log.add("slept");
        } catch (e) {
          log.add(`cancel ${i} landed (cancelling=${currentTask()!.cancelling()})`);
        }
      }
      try {
        yield* sleep(10);
      } finally {
        log.add("finally begins");
        try {
          yield* sleep(5); // a second cancel lands here too, and is not skipped
        } catch (e) {
          log.add(`cancel inside finally landed: ${(e as Error).message}`);
        }
        yield* sleep(1); // and awaits after it still really wait
        log.add("finally ends");
      }
    }, { loop });
    for (const [when, msg] of [[1, "a"], [2, "b"], [3, "c"], [4, "d"], [5, "e"]] as const) {
      loop.callLater(when, () => t.cancel(msg));
    }
    await expect(loop.runUntilComplete(t)).rejects.toThrow("d");
    expect(log.lines).toEqual([
      "1 cancel 0 landed (cancelling=1)",
      "2 cancel 1 landed (cancelling=2)",
      "3 cancel 2 landed (cancelling=3)",
      "4 finally begins",
      "5 cancel inside finally landed: e",
      "6 finally ends",
    ]);
    expect(t.cancelled()).toBe(true);
    expect(t.cancelling()).toBe(5);
  });

  it("ends the task cancelled if the coroutine returns while a cancellation is pending", async () => {
    const loop = new TestLoop();
    const t = new Task(function* () {
      yield;
      currentTask()!.cancel("self");
      return "value";
    }, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow("self");
    expect(t.cancelled()).toBe(true);
  });

  it("cancels at once a future the task starts awaiting after cancelling itself", async () => {
    const loop = new TestLoop();
    const fut = new Future({ loop });
    const t = new Task(function* () {
      yield;
      currentTask()!.cancel("now");
      yield* fut;
    }, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow("now");
    expect(fut.cancelled()).toBe(true);
    expect(loop.time()).toBe(0);
  });

  it("throws CancelledError instead of the result when the awaited future completed before the task resumed", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const seen: string[] = [];
    const t = new Task(function* () {
      try {
        seen.push(`got ${yield* fut}`);
      } catch (e) {
        seen.push(`caught ${(e as Error).name}`);
      }
    }, { loop });
    step(loop);
    fut.setResult(1); // the wakeup is scheduled...
    expect(t.cancel()).toBe(true); // ...but the waiter is done: the task is only marked
    step(loop, 2);
    expect(seen).toEqual(["caught CancelledError"]);
    expect(outcome(t)).toBe("result undefined");
  });

  it("cancels a child task the task is awaiting, which may refuse", async () => {
    const loop = new TestLoop();
    const child = new Task(function* () {
      try {
        yield* sleep(10);
      } catch {
        return "refused";
      }
      return "slept";
    }, { loop });
    const parent = new Task(function* () {
      return yield* child;
    }, { loop });
    loop.callLater(1, () => parent.cancel());
    expect(await loop.runUntilComplete(parent)).toBe("refused");
    expect(child.result()).toBe("refused");
    expect(parent.cancelled()).toBe(false);
  });

  it("hands the coroutine's own CancelledError to the first reader", async () => {
    const loop = new TestLoop();
    const own = new CancelledError("mine");
    const t = new Task(function* () {
      yield;
      throw own;
    }, { loop });
    await loop.runUntilComplete(function* () {
      yield;
      yield;
    });
    expect(t.cancelled()).toBe(true);
    let first: unknown;
    try {
      t.result();
    } catch (e) {
      first = e;
    }
    expect(first).toBe(own);
  });

  it("returns false on a finished task and does not count it", async () => {
    const loop = new TestLoop();
    const t = new Task(function* () { return 1; }, { loop });
    await loop.runUntilComplete(t);
    expect(t.cancel()).toBe(false);
    expect(t.cancelling()).toBe(0);
  });
});

describe("Task.signal", () => {
  it("is aborted with a CancelledError as soon as cancellation is requested", async () => {
    const loop = new TestLoop();
    const t = new Task(function* () {
      yield* sleep(10);
    }, { loop });
    const signal = t.signal;
    expect(signal.aborted).toBe(false);
    step(loop);
    t.cancel("bye");
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(CancelledError);
    expect((signal.reason as Error).message).toBe("bye");
    await expect(loop.runUntilComplete(t)).rejects.toThrow("bye");
  });

  it("is created already aborted when read after a cancellation request", () => {
    const loop = new TestLoop();
    const t = new Task(function* () {}, { loop });
    t.cancel("late");
    expect(t.signal.aborted).toBe(true);
    expect((t.signal.reason as Error).message).toBe("late");
  });

  it("stays the same object", () => {
    const loop = new TestLoop();
    const t = new Task(function* () {}, { loop });
    expect(t.signal).toBe(t.signal);
  });
});

describe("awaiting a cancelled child", () => {
  it("raises CancelledError in the parent, which is not itself cancelled", async () => {
    const loop = new TestLoop();
    const got = await loop.runUntilComplete(function* () {
      const child = createTask(function* () { yield* sleep(5); });
      yield;
      child.cancel("child msg");
      try {
        yield* child;
        return "no";
      } catch (e) {
        return `${(e as Error).name}:${(e as Error).message} parent cancelling=${currentTask()!.cancelling()}`;
      }
    });
    expect(got).toBe("CancelledError:child msg parent cancelling=0");
  });
});
