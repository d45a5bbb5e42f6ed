import { describe, expect, it } from "vitest";
import { isFuture, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, createTask, ensureFuture, eagerTaskFactory, currentTask } from "@aio/task";
import { sleep, step } from "./helpers.js";

describe("new Task()", () => {
  it("schedules the first step with callSoon, in FIFO order with other callbacks", () => {
    const loop = new TestLoop();
    const order: string[] = [];
    new Task(function* () { order.push("A"); }, { loop });
    loop.callSoon(() => order.push("cb"));
    new Task(function* () { order.push("B"); }, { loop });
    expect(order).toEqual([]);
    step(loop);
    expect(order).toEqual(["A", "cb", "B"]);
  });

  it("does not run the coroutine's body until the loop steps it", () => {
    const loop = new TestLoop();
    let ran = false;
    function* body(): Coroutine<void> { ran = true; }
    const coro = body();
    const t = new Task(coro, { loop });
    expect(ran).toBe(false);
    expect(t.done()).toBe(false);
    step(loop);
    expect(ran).toBe(true);
    expect(t.done()).toBe(true);
  });

  it("is a Future", () => {
    const loop = new TestLoop();
    const t = new Task(function* () { return 1; }, { loop });
    expect(t).toBeInstanceOf(Future);
    expect(isFuture(t)).toBe(true);
    expect(t.getLoop()).toBe(loop);
  });

  it("names tasks Task-<n> with a global counter, and keeps a given name", () => {
    const loop = new TestLoop();
    const a = new Task(function* () {}, { loop });
    const named = new Task(function* () {}, { loop, name: "worker" });
    const b = new Task(function* () {}, { loop });
    const n = Number(/^Task-(\d+)$/.exec(a.getName())![1]);
    expect(named.getName()).toBe("worker");
    // CPython numbers only tasks created without a name.
    expect(b.getName()).toBe(`Task-${n + 1}`);
    b.setName(42 as unknown as string);
    expect(b.getName()).toBe("42");
  });

  it("refuses what is not a coroutine, coroutine function or PromiseLike", () => {
    const loop = new TestLoop();
    expect(() => new Task(42 as never, { loop })).toThrow(TypeError);
    expect(() => new Task(42 as never, { loop })).toThrow(/Task\(coro\): a coroutine was expected, got 42 \(number\)/);
    expect(() => new Task({} as never, { loop })).toThrow(new TypeError("Task(coro): a coroutine was expected, got Object (object)"));
    expect(() => new Task(null as never, { loop })).toThrow(new TypeError("Task(coro): a coroutine was expected, got null"));
  });

  it("refuses to be created on a closed loop and is not registered", () => {
    const loop = new TestLoop();
    loop.close();
    expect(() => new Task(function* () {}, { loop })).toThrow("Event loop is closed");
  });

  it("getCoro() returns the coroutine the task runs", async () => {
    const loop = new TestLoop();
    const fn = function* () {};
    const coro = fn();
    const asyncFn = async () => {};
    expect(new Task(coro, { loop }).getCoro()).toBe(coro);
    expect(new Task(asyncFn, { loop }).getCoro()).toBe(asyncFn);
    const byRef = new Task(fn, { loop });
    expect(byRef.getCoro()).toBe(fn); // not called yet
    await loop.runUntilComplete(byRef);
    expect(byRef.getCoro()).not.toBe(fn);
    expect(Object.prototype.toString.call(byRef.getCoro())).toBe("[object Generator]"); // the call's generator
  });

  it("refuses setResult and setException", () => {
    const loop = new TestLoop();
    const t = new Task(function* () {}, { loop });
    expect(() => t.setResult(undefined)).toThrow("Task does not support setResult operation");
    expect(() => t.setException(new Error("x"))).toThrow("Task does not support setException operation");
  });

  it("shows its state, name and coroutine in toString()", async () => {
    const loop = new TestLoop();
    const t = new Task(async function main() { return 7; }, { loop, name: "m" });
    expect(String(t)).toBe("<Task pending name=m coro=main>");
    await loop.runUntilComplete(t);
    expect(String(t)).toBe("<Task finished name=m coro=main result=7>");
    const g = new Task(function* () { throw new Error("x"); }, { loop, name: "g" });
    await loop.runUntilComplete(g).catch(() => {});
    // A generator object does not know its function's name.
    expect(String(g)).toBe('<Task finished name=g coro=generator exception=Error("x")>');
  });

});

describe("Task eagerStart", () => {
  it("runs the first step synchronously when the loop is running, as the current task", async () => {
    const loop = new TestLoop();
    const seen: unknown[] = [];
    await loop.runUntilComplete(function* () {
      const t = new Task(function* () {
        seen.push(currentTask());
        yield* sleep(1);
        seen.push("resumed");
      }, { eagerStart: true });
      seen.push(seen[0] === t ? "eager" : "lazy");
      yield* t;
    });
    expect(seen.slice(1)).toEqual(["eager", "resumed"]);
  });

  it("finishes a coroutine that never suspends before createTask returns", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const t = createTask(function* () { return 5; }, { eagerStart: true });
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(5);
    });
  });

  it("restores the outer current task after the eager step", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const outer = currentTask();
      createTask(function* () { yield; }, { eagerStart: true });
      expect(currentTask()).toBe(outer);
    });
  });

  it("schedules normally when the loop is not running", () => {
    const loop = new TestLoop();
    let ran = false;
    const t = new Task(function* () { ran = true; }, { loop, eagerStart: true });
    expect(ran).toBe(false);
    step(loop);
    expect(ran).toBe(true);
    expect(t.done()).toBe(true);
  });
});

describe("eagerTaskFactory", () => {
  it("makes loop.createTask and createTask start tasks eagerly", async () => {
    const loop = new TestLoop();
    loop.setTaskFactory(eagerTaskFactory);
    const order: string[] = [];
    await loop.runUntilComplete(function* () {
      const t = createTask(function* () { order.push("child"); return 1; }, { name: "kid" });
      order.push("parent");
      expect(t.done()).toBe(true);
      expect(t.getName()).toBe("kid");
    });
    expect(order).toEqual(["child", "parent"]);
  });
});

describe("loop.setTaskFactory()", () => {
  it("is honoured by createTask, which passes the options and then sets the name", async () => {
    const loop = new TestLoop();
    const calls: unknown[][] = [];
    loop.setTaskFactory((l, coro, options) => {
      calls.push([l, options]);
      return new Task(coro, { loop: l });
    });
    let t: Task<number> | null = null;
    await loop.runUntilComplete(function* () {
      const child = (t = createTask(function* () { return 3; }, { name: "n" }));
      expect(yield* child).toBe(3);
    });
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls[calls.length - 1]![0]).toBe(loop);
    expect(t!.getName()).toBe("n");
  });
});

describe("createTask() passes on only the options it was given", () => {
  /** A real loop that also records what createTask() hands to its createTask method. */
  class RecordingLoop extends TestLoop {
    readonly seen: unknown[] = [];
    override createTask<T>(coro: Parameters<TestLoop["createTask"]>[0], options?: Parameters<TestLoop["createTask"]>[1]): Task<T> {
      this.seen.push(options);
      return super.createTask(coro, options) as Task<T>;
    }
  }

  it("hands loop.createTask an empty options object when none were given, and no key set to undefined", async () => {
    const cv = await import("@aio/contextvars");
    const ctx = new cv.Context();
    const loop = new RecordingLoop();
    await loop.runUntilComplete(function* () {
      yield* createTask(function* () {});
      yield* createTask(function* () {}, {});
      yield* createTask(function* () {}, { name: undefined, eagerStart: undefined, context: undefined });
      yield* createTask(function* () {}, { context: null });
      yield* createTask(function* () {}, { name: "n" });
      yield* createTask(function* () {}, { eagerStart: false });
      yield* createTask(function* () {}, { context: ctx });
    });
    // seen[0] is the main task, made by runUntilComplete itself
    expect(loop.seen.slice(1)).toStrictEqual([{}, {}, {}, {}, { name: "n" }, { eagerStart: false }, { context: ctx }]);
  });

  it("a task factory gets the options without the name, and only the keys that were given", async () => {
    const cv = await import("@aio/contextvars");
    const ctx = new cv.Context();
    const loop = new TestLoop();
    const seen: unknown[] = [];
    await loop.runUntilComplete(function* () {
      loop.setTaskFactory((l, coro, options) => {
        seen.push(options);
        return new Task(coro, { ...options, loop: l } as ConstructorParameters<typeof Task>[1]);
      });
      const named = createTask(function* () {}, { name: "kid" });
      yield* named;
      expect(named.getName()).toBe("kid");
      yield* createTask(function* () {});
      yield* createTask(function* () {}, { eagerStart: true, context: ctx });
      yield* createTask(function* () {}, { context: null, eagerStart: undefined });
      loop.setTaskFactory(null);
    });
    expect(seen).toStrictEqual([{}, {}, { eagerStart: true, context: ctx }, {}]);
  });

  it("a task given a context runs in it, and one given context null runs in a copy of the current one", async () => {
    const cv = await import("@aio/contextvars");
    const v = new cv.ContextVar<string>("where", { default: "outside" });
    const ctx = new cv.Context();
    ctx.run(() => v.set("inside ctx"));
    const loop = new TestLoop();
    const seen: string[] = [];
    await loop.runUntilComplete(function* () {
      v.set("main");
      yield* createTask(function* () { seen.push(v.get()); }, { context: ctx });
      yield* createTask(function* () { seen.push(v.get()); }, { context: null });
      yield* createTask(async () => { seen.push(v.get()); }, { context: ctx });
    });
    expect(seen).toEqual(["inside ctx", "main", "inside ctx"]);
  });
});

describe("ensureFuture() and eagerTaskFactory() refuse what they cannot use, naming it", () => {
  it("ensureFuture() of null, undefined, a string or an object without then() throws the TypeError that names the argument", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      expect(() => ensureFuture(null as never)).toThrow(
        new TypeError("ensureFuture(x): an awaitable (future, coroutine or PromiseLike) is required, got null"),
      );
      expect(() => ensureFuture(undefined as never)).toThrow(
        new TypeError("ensureFuture(x): an awaitable (future, coroutine or PromiseLike) is required, got undefined"),
      );
      expect(() => ensureFuture("text" as never)).toThrow(
        new TypeError('ensureFuture(x): an awaitable (future, coroutine or PromiseLike) is required, got "text" (string)'),
      );
      // An object is awaitable only with a then() method.
      expect(() => ensureFuture({} as never)).toThrow(
        new TypeError("ensureFuture(x): an awaitable (future, coroutine or PromiseLike) is required, got Object (object)"),
      );
      expect(() => ensureFuture({ then: 42 } as never)).toThrow(
        new TypeError("ensureFuture(x): an awaitable (future, coroutine or PromiseLike) is required, got Object (object)"),
      );
    });
  });

  it("eagerTaskFactory with options null throws the TypeError that names the options", () => {
    const loop = new TestLoop();
    expect(() => eagerTaskFactory(loop, function* () {}, null as never)).toThrow(
      new TypeError("eagerTaskFactory(options): expected { name?, eagerStart?, context? }, got null"),
    );
    const t = eagerTaskFactory(loop, function* () {}, undefined);
    expect(t.getLoop()).toBe(loop);
  });
});
