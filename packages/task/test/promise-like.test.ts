import { describe, expect, it, vi } from "vitest";
import { CancelledError, type ExceptionContext } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, createTask, ensureFuture } from "@aio/task";
import { flushMicrotasks, quietLoop, sleep } from "./helpers.js";

describe("Task wrapping a PromiseLike", () => {
  it("resolves to the promise's value", async () => {
    const loop = new TestLoop();
    const t = new Task(Promise.resolve(5), { loop });
    expect(await loop.runUntilComplete(t)).toBe(5);
  });

  it("fails with the promise's rejection", async () => {
    const loop = new TestLoop();
    const t = new Task(Promise.reject(new RangeError("no")), { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow(RangeError);
  });

  it("accepts a bare thenable", async () => {
    const loop = new TestLoop();
    const thenable: PromiseLike<string> = {
      then(ok) {
        setImmediate(() => ok?.("from thenable"));
        return undefined as never;
      },
    };
    expect(await loop.runUntilComplete(new Task(thenable, { loop }))).toBe("from thenable");
  });

  it("detaches on cancel: the task ends cancelled while the promise keeps running", async () => {
    const loop = new TestLoop();
    let resolve!: (v: string) => void;
    const p = new Promise<string>((r) => (resolve = r));
    const t = new Task(p, { loop });
    loop.callLater(1, () => t.cancel("detach"));
    await expect(loop.runUntilComplete(t)).rejects.toThrow("detach");
    expect(t.cancelled()).toBe(true);
    resolve("later");
    await expect(p).resolves.toBe("later"); // the promise itself was not stopped
  });

  it("cancelled before it starts, handles a later rejection without reporting it", async () => {
    const { loop, reports } = quietLoop();
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      let reject!: (e: Error) => void;
      const p = new Promise<never>((_ok, r) => (reject = r));
      const t = new Task(p, { loop });
      t.cancel();
      await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
      reject(new Error("after cancel"));
      await flushMicrotasks();
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
      expect(reports).toEqual([]);
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });

  it("subscribes at once, so an already-rejected promise is never an unhandled rejection", async () => {
    const { loop } = quietLoop();
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      const t = new Task(Promise.reject(new Error("early")), { loop });
      // Let a whole macrotask pass before the loop runs the task's first step.
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
      await expect(loop.runUntilComplete(t)).rejects.toThrow("early");
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});

describe("createTask()", () => {
  it("uses the running loop, or options.loop", async () => {
    const loop = new TestLoop();
    const other = new TestLoop();
    await loop.runUntilComplete(function* () {
      expect(createTask(function* () {}).getLoop()).toBe(loop);
      const t = createTask(function* () {}, { loop: other });
      expect(t.getLoop()).toBe(other);
      t.cancel();
    });
  });

  it("throws 'no running event loop' outside a loop", () => {
    expect(() => createTask(function* () {})).toThrow("no running event loop");
  });

  it("throws on a closed loop", () => {
    const loop = new TestLoop();
    loop.close();
    expect(() => createTask(function* () {}, { loop })).toThrow("Event loop is closed");
  });
});

describe("ensureFuture()", () => {
  it("returns a task or future as it is", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const task = createTask(function* () { return 1; });
      const fut = new Future<number>();
      expect(ensureFuture(task) === task).toBe(true);
      expect(ensureFuture(fut) === fut).toBe(true);
      expect(ensureFuture(task, { loop }) === task).toBe(true);
      fut.cancel();
      yield* task;
    });
  });

  it("wraps coroutines, coroutine functions and PromiseLikes in tasks", async () => {
    const loop = new TestLoop();
    const got = await loop.runUntilComplete(function* () {
      const a = ensureFuture((function* () { yield* sleep(1); return "gen"; })());
      const b = ensureFuture(async () => "async");
      const c = ensureFuture(Promise.resolve("promise"));
      for (const f of [a, b, c]) expect(f).toBeInstanceOf(Task);
      return [yield* a, yield* b, yield* c];
    });
    expect(got).toEqual(["gen", "async", "promise"]);
  });

  it("refuses a future of another loop than options.loop", () => {
    const loop = new TestLoop();
    const other = new TestLoop();
    const fut = new Future({ loop: other });
    expect(() => ensureFuture(fut, { loop })).toThrow(RangeError);
    expect(() => ensureFuture(fut, { loop })).toThrow(/different loop/);
  });

  it("refuses what is not awaitable", () => {
    const loop = new TestLoop();
    expect(() => ensureFuture(42 as never, { loop })).toThrow(TypeError);
    expect(() => ensureFuture(42 as never, { loop })).toThrow(/ensureFuture\(x\): an awaitable .* got 42 \(number\)/);
    expect(() => ensureFuture(null as never, { loop })).toThrow(/^ensureFuture\(x\): an awaitable .* got null$/);
  });

  it("needs a loop for what it wraps", () => {
    expect(() => ensureFuture(Promise.resolve(1))).toThrow("no running event loop");
  });
});

// The report seeds' "ensure_future on a task returns the same task", written as a program.
describe("ensureFuture() on a task", () => {
  it("returns the very same task", async () => {
    const loop = new TestLoop();
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, c) => reports.push(c));
    const same = await loop.runUntilComplete(async () => {
      const task = createTask(async () => {});
      const again = ensureFuture(task);
      await task;
      return again === task;
    });
    expect(same).toBe(true);
    expect(reports).toEqual([]);
  });
});
