import { describe, expect, it } from "vitest";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { TinyConcurrentFuture, TinyExecutor } from "./executor-fixtures.js";

describe("EventLoop.runInExecutor()", () => {
  it("submits fn(...args) to the executor and returns a future on the loop for its result", async () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    const fut = loop.runInExecutor(ex, (a: number, b: string) => `${a}-${b}`, 1, "x");
    expect(fut).toBeInstanceOf(Future);
    expect(fut.getLoop()).toBe(loop);
    expect(ex.jobs.map((j) => j.args)).toEqual([[1, "x"]]);
    ex.runAll();
    expect(fut.done()).toBe(false); // the outcome crosses over through the loop
    await expect(loop.runUntilComplete(fut)).resolves.toBe("1-x");
  });

  it("gives the future the job's error", async () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    const err = new Error("job failed");
    const fut = loop.runInExecutor(ex, () => {
      throw err;
    });
    ex.runAll();
    await expect(loop.runUntilComplete(fut)).rejects.toBe(err);
  });

  it("gives the future an error when a foreign concurrent future fails with undefined (it used to hang)", async () => {
    // exception() cannot tell "failed with undefined" from success; result() throws it.
    class FailsWithUndefined<T> extends TinyConcurrentFuture<T> {
      override result(): T {
        if (this.state === "finished") throw undefined;
        return super.result();
      }
    }
    const loop = new TestLoop();
    const cf = new FailsWithUndefined<number>();
    const ex = new TinyExecutor();
    ex.submit = (() => cf) as typeof ex.submit;
    const fut = loop.runInExecutor(ex, () => 1);
    cf.complete("finished");
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(TypeError);
  });

  it("cancels the concurrent future when the returned future is cancelled", () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    const fut = loop.runInExecutor(ex, () => 1);
    const cf = ex.jobs[0]!.cf;
    fut.cancel();
    loop.runUntilIdle();
    expect(cf.cancelCalls).toBe(1);
    expect(cf.cancelled()).toBe(true);
    ex.runAll(); // a cancelled job never runs
    loop.runUntilIdle();
    expect(fut.cancelled()).toBe(true);
  });

  it("cancels the returned future when the executor cancels the job", () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    const fut = loop.runInExecutor(ex, () => 1);
    ex.jobs[0]!.cf.cancel();
    loop.runUntilIdle();
    expect(fut.cancelled()).toBe(true);
  });

  it("fails the future when submit() throws", () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    const err = new Error("cannot schedule new futures after shutdown");
    ex.submit = () => {
      throw err;
    };
    const fut = loop.runInExecutor(ex, () => 1);
    expect(fut.exception()).toBe(err);
  });

  it("uses the executor given to setDefaultExecutor() when executor is null", async () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    loop.setDefaultExecutor(ex);
    const fut = loop.runInExecutor(null, () => 5);
    expect(ex.jobs).toHaveLength(1);
    ex.runAll();
    await expect(loop.runUntilComplete(fut)).resolves.toBe(5);
  });

  it("throws TypeErrors for an executor that is not one and an fn that is not a function", () => {
    const loop = new TestLoop();
    expect(() => loop.runInExecutor({} as never, () => 1)).toThrow(new TypeError("runInExecutor(executor): expected an Executor or null, got Object (object)"));
    expect(() => loop.runInExecutor(new TinyExecutor(), 1 as never)).toThrow(/^runInExecutor\(executor, fn\): .*got 1 \(number\)$/);
    expect(() => loop.setDefaultExecutor({ submit() {} } as never)).toThrow(new TypeError("setDefaultExecutor(executor): expected an Executor, got Object (object)"));
  });

  it('throws "Event loop is closed" on a closed loop', () => {
    const loop = new TestLoop();
    loop.close();
    expect(() => loop.runInExecutor(new TinyExecutor(), () => 1)).toThrow("Event loop is closed");
  });
});

describe("EventLoop.shutdownDefaultExecutor()", () => {
  it("shuts the default executor down, waiting, and later runInExecutor(null) throws", async () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    loop.setDefaultExecutor(ex);
    await loop.shutdownDefaultExecutor();
    expect(ex.shutdowns).toEqual([{ wait: true }]);
    expect(() => loop.runInExecutor(null, () => 1)).toThrow(new Error("Executor shutdown has been called"));
    // An explicit executor still works.
    expect(loop.runInExecutor(new TinyExecutor(), () => 1)).toBeInstanceOf(Future);
  });

  it("refuses the default executor after shutdown even if a new default was set (as CPython)", async () => {
    const loop = new TestLoop();
    await loop.shutdownDefaultExecutor();
    loop.setDefaultExecutor(new TinyExecutor());
    expect(() => loop.runInExecutor(null, () => 1)).toThrow("Executor shutdown has been called");
  });

  it("does nothing but set the flag when there is no default executor", async () => {
    const loop = new TestLoop();
    await expect(loop.shutdownDefaultExecutor()).resolves.toBeUndefined();
    expect(() => loop.runInExecutor(null, () => 1)).toThrow("Executor shutdown has been called");
  });
});

describe("EventLoop.close() and the default executor", () => {
  it("shuts the default executor down without waiting", () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    loop.setDefaultExecutor(ex);
    loop.close();
    expect(ex.shutdowns).toEqual([{ wait: false }]);
  });
});
