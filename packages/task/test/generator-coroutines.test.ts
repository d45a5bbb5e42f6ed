import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, createTask, currentTask } from "@aio/task";
import { sleep, step } from "./helpers.js";

describe("Task driving a generator coroutine", () => {
  it("sends the awaited future's result back with next(value)", async () => {
    const loop = new TestLoop();
    const got = await loop.runUntilComplete(function* () {
      const a = yield* sleep(1, "one");
      const b = yield* sleep(2, "two");
      return `${a} ${b} at ${loop.time()}`;
    });
    expect(got).toBe("one two at 3");
  });

  it("throws the awaited future's error into the coroutine with throw(err)", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    loop.callLater(1, () => fut.setException(new RangeError("bad")));
    const got = await loop.runUntilComplete(function* () {
      try {
        yield* fut;
        return "no error";
      } catch (e) {
        return `caught ${(e as Error).name}: ${(e as Error).message}`;
      }
    });
    expect(got).toBe("caught RangeError: bad");
  });

  it("records the pending future it waits on and resumes one iteration after it completes", () => {
    const loop = new TestLoop();
    const fut = new Future<string>({ loop });
    const seen: string[] = [];
    const t = new Task(function* () {
      seen.push(yield* fut);
    }, { loop });
    step(loop);
    expect(t._futWaiter).toBe(fut);
    fut.setResult("v");
    expect(seen).toEqual([]);
    step(loop); // the task's wakeup runs in the next iteration
    expect(seen).toEqual(["v"]);
    expect(t.done()).toBe(true);
  });

  it("does not suspend on a future that is already done", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    fut.setResult(1);
    const t = new Task(function* () {
      return (yield* fut) + (yield* fut);
    }, { loop });
    step(loop);
    expect(t.result()).toBe(2);
  });

  it("gives up exactly one iteration on a bare yield", () => {
    const loop = new TestLoop();
    const order: string[] = [];
    new Task(function* () {
      order.push("a1");
      yield;
      order.push("a2");
    }, { loop });
    new Task(function* () {
      order.push("b1");
      yield;
      order.push("b2");
    }, { loop });
    step(loop);
    expect(order).toEqual(["a1", "b1"]);
    loop.callSoon(() => order.push("cb"));
    step(loop);
    expect(order).toEqual(["a1", "b1", "a2", "b2", "cb"]);
  });

  it("resumes a waiting parent after the child task it awaits finishes", async () => {
    const loop = new TestLoop();
    const got = await loop.runUntilComplete(function* () {
      const child = createTask(function* () {
        yield* sleep(2);
        return 10;
      });
      return (yield* child) + 1;
    });
    expect(got).toBe(11);
    expect(loop.time()).toBe(2);
  });

  it("finishes with the coroutine's error when it escapes", async () => {
    const loop = new TestLoop();
    const t = new Task(function* () {
      yield;
      throw new TypeError("boom");
    }, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow("boom");
    expect(t.exception()).toBeInstanceOf(TypeError);
    expect(t.cancelled()).toBe(false);
  });

  it("runs a generator function passed by reference on its first step, inside the task", async () => {
    const loop = new TestLoop();
    let inside: unknown = "unset";
    const t = new Task(function* () {
      inside = currentTask();
      yield* sleep(1);
      return "ok";
    }, { loop });
    expect(inside).toBe("unset");
    expect(await loop.runUntilComplete(t)).toBe("ok");
    expect(inside).toBe(t);
  });

  it("fails when a coroutine function returns something that is not a coroutine or promise", async () => {
    const loop = new TestLoop();
    const t = new Task((() => 42) as never, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow(TypeError);
  });
});

describe("Task misuse errors are thrown into the coroutine", () => {
  async function caught(loop: TestLoop, body: () => Coroutine<unknown>): Promise<unknown> {
    return loop.runUntilComplete(function* () {
      try {
        yield* body();
        return "no error";
      } catch (e) {
        return e;
      }
    });
  }

  it("on a future of another loop", async () => {
    const loop = new TestLoop();
    const other = new TestLoop();
    const foreign = new Future({ loop: other });
    const e = (await caught(loop, function* () {
      yield* foreign;
    })) as Error;
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toMatch(/got Future <Future pending> attached to a different loop/);
    expect(foreign.done()).toBe(false);
  });

  it("when a task awaits itself", async () => {
    const loop = new TestLoop();
    let self: Task<unknown> | null = null;
    const e = (await caught(loop, function* () {
      self = currentTask() as Task<unknown>;
      yield* self;
    })) as Error;
    expect(e.message).toMatch(/^Task cannot await on itself: <Task pending name=Task-\d+/);
  });

  it("on a bad yield, and the coroutine can catch it and carry on", async () => {
    const loop = new TestLoop();
    const got = await loop.runUntilComplete(function* () {
      let err: unknown = null;
      try {
        yield 42;
      } catch (e) {
        err = e;
      }
      yield* sleep(1);
      return err;
    });
    expect(got).toBeInstanceOf(TypeError);
    expect((got as Error).message).toBe("Task got bad yield: 42 (number)");
  });

  it("on yield of a future without yield*", async () => {
    const loop = new TestLoop();
    const fut = new Future({ loop });
    const e = (await caught(loop, function* () {
      yield fut;
    })) as Error;
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/yield was used instead of yield\* in task/);
  });

  it("on yield of a generator without yield*", async () => {
    const loop = new TestLoop();
    const e = (await caught(loop, function* () {
      yield (function* () {})();
    })) as Error;
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/yield was used instead of yield\* for generator/);
  });

  it("only on the next iteration, never synchronously", () => {
    const loop = new TestLoop();
    const seen: unknown[] = [];
    new Task(function* () {
      try {
        yield "x";
      } catch (e) {
        seen.push((e as Error).message);
      }
    }, { loop });
    step(loop);
    expect(seen).toEqual([]);
    step(loop);
    expect(seen).toEqual(['Task got bad yield: "x" (string)']);
  });

  it("fails the task when the coroutine does not catch it", async () => {
    const loop = new TestLoop();
    const t = new Task(function* () {
      yield 1;
    }, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow("Task got bad yield");
    expect(t.cancelled()).toBe(false);
    expect(t.exception()).not.toBeInstanceOf(CancelledError);
  });
});
