import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { BoundedSemaphore, Condition, Lock, Semaphore } from "@aio/sync";
import { currentTask } from "@aio/task";
import { outcome, sleep, tick } from "./helpers.js";

describe("use(body)", () => {
  it("refuses a body that is not a function before acquiring anything", () => {
    const lock = new Lock();
    expect(() => lock.use(42 as never)).toThrow(new TypeError("Lock.use(body): expected a generator function or async function, got 42 (number)"));
    expect(() => new Semaphore().use(null as never)).toThrow("Semaphore.use(body)");
    expect(() => new BoundedSemaphore().use(null as never)).toThrow("BoundedSemaphore.use(body)");
    expect(() => new Condition().use("x" as never)).toThrow("Condition.use(body)");
    expect(lock.locked()).toBe(false);
  });

  it("yield* with a generator body runs inline in the caller's task and returns the body's value", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const seen: string[] = [];
    const got = await loop.runUntilComplete(function* (): Coroutine<string> {
      const me = currentTask();
      const r = yield* lock.use(function* () {
        seen.push(`locked=${lock.locked()} same task=${currentTask() === me}`);
        yield* sleep(1);
        return "value";
      });
      seen.push(`after: locked=${lock.locked()} t=${loop.time()}`);
      return r;
    });
    expect(got).toBe("value");
    expect(seen).toEqual(["locked=true same task=true", "after: locked=false t=1"]);
  });

  it("await with an async body resolves to its value and releases", async () => {
    const loop = new TestLoop();
    const sem = new Semaphore(1);
    const got = await loop.runUntilComplete(async () => {
      const r = await sem.use(async () => {
        await sleep(2);
        return sem.locked() ? "held" : "free";
      });
      return `${r} then ${sem.locked() ? "held" : "free"}`;
    });
    expect(got).toBe("held then free");
    expect(loop.time()).toBe(2);
  });

  it("await with a generator body drives it from the async function (bare yield = one iteration)", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const got = await loop.runUntilComplete(async () => {
      return await lock.use(function* () {
        yield;
        yield* sleep(1);
        return lock.locked();
      });
    });
    expect(got).toBe(true);
    expect(lock.locked()).toBe(false);
  });

  it("yield* with an async body waits for it and releases when it settles", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const got = await loop.runUntilComplete(function* (): Coroutine<number> {
      return yield* lock.use(async () => {
        await sleep(1);
        return 7;
      });
    });
    expect(got).toBe(7);
    expect(lock.locked()).toBe(false);
  });

  it("a plain function body works too", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    expect(await loop.runUntilComplete(function* () { return yield* lock.use(() => 3 as never); })).toBe(3);
    expect(lock.locked()).toBe(false);
  });

  it("releases when the body throws, synchronously or later, in both styles", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const errors: string[] = [];
    await loop.runUntilComplete(function* () {
      for (const body of [
        () => { throw new RangeError("sync"); },
        function* () { yield* sleep(1); throw new RangeError("gen"); },
        async () => { await sleep(1); throw new RangeError("async"); },
      ]) {
        try {
          yield* lock.use(body as () => Coroutine<void>);
        } catch (e) {
          errors.push(`${(e as Error).message} locked=${lock.locked()}`);
        }
      }
    });
    await loop.runUntilComplete(async () => {
      try {
        await lock.use(async () => { throw new RangeError("awaited"); });
      } catch (e) {
        errors.push(`${(e as Error).message} locked=${lock.locked()}`);
      }
    });
    expect(errors).toEqual(["sync locked=false", "gen locked=false", "async locked=false", "awaited locked=false"]);
  });

  it("createTask(lock.use(function* ...)) runs the body as the task's coroutine; cancelling it releases", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const t = loop.createTask(lock.use(function* () { yield* sleep(10); }));
    await tick(loop, 2);
    expect(lock.locked()).toBe(true);
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(lock.locked()).toBe(false);
  });

  it("an async body driven by yield* keeps the lock until it settles, even if the task is cancelled", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const gate = new Future<void>({ loop });
    const t = loop.createTask(function* () {
      yield* lock.use(async () => {
        await gate;
      });
    });
    await tick(loop, 2);
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(lock.locked()).toBe(true); // the async body is still running
    gate.setResult();
    await loop.runUntilComplete(function* () { yield* sleep(1); });
    expect(lock.locked()).toBe(false);
  });

  it("the awaitable may be awaited by several promise reactions: the body runs once", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    let runs = 0;
    const got = await loop.runUntilComplete(async () => {
      const op = lock.use(async () => ++runs);
      const [a, b] = await Promise.all([op, op]);
      return a + b;
    });
    expect(runs).toBe(1);
    expect(got).toBe(2);
  });

  it("a task waiting in use() and cancelled never runs the body", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    let ran = false;
    await loop.runUntilComplete(lock.acquire());
    const t = loop.createTask(async () => {
      await lock.use(async () => {
        ran = true;
      });
    });
    await tick(loop, 2);
    t.cancel();
    await tick(loop, 3);
    expect(outcome(t)).toBe("cancelled");
    expect(ran).toBe(false);
    expect(String(lock)).toBe("<Lock [locked]>");
  });
});
