import { afterEach, describe, expect, it, vi } from "vitest";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { loadDefaultExecutor } from "../src/executor-bridge.js";
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
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(new TypeError("runInExecutor(): the job failed with undefined, which is not an error value"));
  });

  it("gives the future an error when a foreign concurrent future reports no error but result() throws null", async () => {
    class FailsWithNull<T> extends TinyConcurrentFuture<T> {
      override exception(): unknown {
        super.exception();
        return undefined; // as a sloppy implementation might
      }
      override result(): T {
        if (this.state === "finished") throw null;
        return super.result();
      }
    }
    const loop = new TestLoop();
    const cf = new FailsWithNull<number>();
    const ex = new TinyExecutor();
    ex.submit = (() => cf) as typeof ex.submit;
    const fut = loop.runInExecutor(ex, () => 1);
    cf.complete("finished");
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(new TypeError("runInExecutor(): the job failed with null, which is not an error value"));
  });

  it("leaves the concurrent future alone when the returned future succeeds or fails", async () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    const ok = loop.runInExecutor(ex, () => 1);
    const bad = loop.runInExecutor(ex, () => {
      throw new Error("no");
    });
    const [cfOk, cfBad] = ex.jobs.map((j) => j.cf);
    ex.runAll();
    await expect(loop.runUntilComplete(ok)).resolves.toBe(1);
    await expect(loop.runUntilComplete(bad)).rejects.toThrow("no");
    loop.runUntilIdle();
    expect(cfOk!.cancelCalls).toBe(0);
    expect(cfBad!.cancelCalls).toBe(0);
  });

  it("aborts a running job through abort() when the concurrent future has one", () => {
    class Abortable<T> extends TinyConcurrentFuture<T> {
      aborts = 0;
      abort(): boolean {
        this.aborts++;
        return true;
      }
    }
    const loop = new TestLoop();
    const cf = new Abortable<number>();
    const ex = new TinyExecutor();
    ex.submit = (() => cf) as typeof ex.submit;
    const fut = loop.runInExecutor(ex, () => 1);
    fut.cancel();
    loop.runUntilIdle();
    expect(cf.aborts).toBe(1);
    expect(cf.cancelCalls).toBe(0);
  });

  it("ignores a job that ends after the loop was closed", () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    const fut = loop.runInExecutor(ex, () => 1);
    loop.close();
    expect(() => ex.jobs[0]!.cf.complete("finished", 1)).not.toThrow();
    expect(fut.done()).toBe(false);
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

  it("refuses an object whose submit is not a function", () => {
    const loop = new TestLoop();
    const noSubmit = { submit: 1, shutdown: () => Promise.resolve() };
    expect(() => loop.setDefaultExecutor(noSubmit as never)).toThrow(new TypeError("setDefaultExecutor(executor): expected an Executor, got Object (object)"));
    expect(() => loop.runInExecutor(noSubmit as never, () => 1)).toThrow(new TypeError("runInExecutor(executor): expected an Executor or null, got Object (object)"));
  });

  it("refuses a function as the executor, even one with submit() and shutdown()", () => {
    const loop = new TestLoop();
    const tiny = new TinyExecutor();
    const fnExecutor = Object.assign(function pool() {}, { submit: tiny.submit.bind(tiny), shutdown: tiny.shutdown.bind(tiny) });
    expect(() => loop.setDefaultExecutor(fnExecutor as never)).toThrow(new TypeError("setDefaultExecutor(executor): expected an Executor, got pool (function)"));
    expect(() => loop.runInExecutor(fnExecutor as never, () => 1)).toThrow(new TypeError("runInExecutor(executor): expected an Executor or null, got pool (function)"));
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

describe("loading the default executor from @aio/executor", () => {
  afterEach(() => {
    vi.doUnmock("@aio/executor");
    vi.resetModules();
  });

  it("explains how to get one when @aio/executor cannot be imported", async () => {
    vi.doMock("@aio/executor", () => {
      throw new Error("Cannot find package '@aio/executor'");
    });
    const error = await loadDefaultExecutor().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toBe(
      "loop.runInExecutor(null, ...) needs a default executor: install @aio/executor (npm i @aio/executor) or call " +
        "loop.setDefaultExecutor(executor) (in a browser: loop.setDefaultExecutor(new WebWorkerExecutor()) from @aio/executor-web)",
    );
    expect(error!.cause).toBeInstanceOf(Error);
  });

  it("says so when @aio/executor has no ThreadPoolExecutor", async () => {
    vi.doMock("@aio/executor", () => ({ ThreadPoolExecutor: undefined }));
    await expect(loadDefaultExecutor()).rejects.toThrow(new Error("@aio/executor does not export ThreadPoolExecutor"));
  });

  it("makes a ThreadPoolExecutor when it can", async () => {
    class ThreadPoolExecutor extends TinyExecutor {}
    vi.doMock("@aio/executor", () => ({ ThreadPoolExecutor }));
    await expect(loadDefaultExecutor()).resolves.toBeInstanceOf(ThreadPoolExecutor);
  });
});
