import { describe, expect, it } from "vitest";
import { CancelledError, isCoroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Event, Lock, Semaphore } from "@aio/sync";
import { outcome, tick } from "./helpers.js";

// The awaitables returned by acquire(), wait(), ... work with yield* and with await.
describe("awaitables of the sync primitives", () => {
  it("are generator coroutines that are also thenable", () => {
    const op = new Lock().acquire();
    expect(isCoroutine(op)).toBe(true);
    expect(typeof op.then).toBe("function");
    expect(op[Symbol.iterator]()).toBe(op);
  });

  it("awaited through several reactions, the operation still runs once", async () => {
    const loop = new TestLoop();
    const sem = new Semaphore(2);
    await loop.runUntilComplete(async () => {
      const op = sem.acquire();
      const [a, b] = await Promise.all([op, op]);
      expect([a, b]).toEqual([true, true]);
    });
    expect(String(sem)).toBe("<Semaphore [unlocked, value:1]>");
  });

  it("an async task woken and cancelled before it resumes gets CancelledError at the await, not the resource", async () => {
    const loop = new TestLoop();
    const ev = new Event();
    const log: string[] = [];
    const t = loop.createTask(async () => {
      await ev.wait();
      log.push("returned from wait");
    });
    await tick(loop, 2);
    ev.set(); // t's waiter is woken...
    t.cancel(); // ...and t is cancelled before it resumes
    await tick(loop, 3);
    expect(outcome(t)).toBe("cancelled");
    expect(log).toEqual([]);
  });

  it("driving a body from an async function rejects a future yielded with yield instead of yield*", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const err = await loop.runUntilComplete(async () => {
      try {
        await lock.use(function* () {
          yield new Future({ loop });
        });
        return null;
      } catch (e) {
        return e;
      }
    });
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/^yield was used instead of yield\* with <Future pending>/);
    expect(lock.locked()).toBe(false);
  });

  it("driving a body from an async function rejects a bad yield", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const err = await loop.runUntilComplete(async () => {
      try {
        await lock.use(function* () {
          yield 42;
        });
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(err).toEqual(new TypeError("got bad yield: 42 (number)"));
  });

  it("a cancellation requested during a bare yield in a driven body lands when it resumes", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const log: string[] = [];
    const t = loop.createTask(async () => {
      await lock.use(function* () {
        try {
          yield;
          log.push("resumed");
        } catch (e) {
          log.push((e as Error).name);
          throw e;
        }
      });
    });
    await tick(loop);
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(log).toEqual(["CancelledError"]);
    expect(lock.locked()).toBe(false);
  });
});
