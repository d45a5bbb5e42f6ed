import { afterEach, describe, expect, it } from "vitest";
import { FUTURE, setEventLoop } from "@aio/core";
import { Future, wrapPromise } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { macrotask } from "./helpers.js";

afterEach(() => setEventLoop(null));

describe("wrapPromise()", () => {
  it("returns a pending future that gets the promise's value", async () => {
    const loop = new TestLoop();
    let resolve!: (v: number) => void;
    const fut = wrapPromise(new Promise<number>((r) => (resolve = r)), { loop });
    expect(fut).toBeInstanceOf(Future);
    expect(fut.getLoop()).toBe(loop);
    expect(fut.done()).toBe(false);
    resolve(9);
    await macrotask();
    expect(fut.result()).toBe(9);
  });

  it("gives the future the promise's rejection as its exception", async () => {
    const loop = new TestLoop();
    const err = new Error("rejected");
    const fut = wrapPromise(Promise.reject(err), { loop });
    await macrotask();
    expect(fut.exception()).toBe(err);
  });

  it("turns a rejection with undefined into an Error, since undefined means success", async () => {
    const loop = new TestLoop();
    const fut = wrapPromise(Promise.reject(undefined), { loop });
    await macrotask();
    expect(fut.exception()).toEqual(new Error("promise rejected with undefined"));
  });

  it("ignores the outcome when the future was cancelled before the promise settled", async () => {
    const loop = new TestLoop();
    let resolve!: (v: number) => void;
    let reject!: (e: unknown) => void;
    const a = wrapPromise(new Promise<number>((r) => (resolve = r)), { loop });
    const b = wrapPromise(new Promise<number>((_r, j) => (reject = j)), { loop });
    expect(a.cancel("no longer needed")).toBe(true);
    b.cancel();
    resolve(1);
    reject(new Error("late"));
    await macrotask();
    expect(a.cancelled()).toBe(true);
    expect(b.cancelled()).toBe(true);
  });

  it("ignores the outcome when the loop was closed before the promise settled", async () => {
    const loop = new TestLoop();
    let resolve!: (v: number) => void;
    const fut = wrapPromise(new Promise<number>((r) => (resolve = r)), { loop });
    loop.close();
    resolve(1);
    await macrotask();
    expect(fut.done()).toBe(false);
  });

  it("accepts any PromiseLike (a bare thenable)", async () => {
    const loop = new TestLoop();
    const thenable: PromiseLike<string> = {
      then(onFulfilled) {
        queueMicrotask(() => onFulfilled?.("from thenable"));
        return undefined as never;
      },
    };
    const fut = wrapPromise(thenable, { loop });
    await macrotask();
    expect(fut.result()).toBe("from thenable");
  });

  it("returns an @aio future as it is", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    expect(wrapPromise(fut)).toBe(fut);
  });

  it("uses getEventLoop() when no loop is given", () => {
    const loop = new TestLoop();
    setEventLoop(loop);
    expect(wrapPromise(Promise.resolve(1)).getLoop()).toBe(loop);
  });

  it("wakes a coroutine that waits on it with yield*", async () => {
    const loop = new TestLoop();
    const out = await loop.runUntilComplete(function* () {
      return yield* wrapPromise(Promise.resolve("awaited"));
    });
    expect(out).toBe("awaited");
  });

  it("throws a TypeError naming the argument for anything that is not a PromiseLike", () => {
    const loop = new TestLoop();
    for (const bad of [null, undefined, 1, "p", {}, { then: 1 }]) {
      expect(() => wrapPromise(bad as never, { loop })).toThrow(/^wrapPromise\(promise\): expected a PromiseLike, got /);
    }
    expect(() => wrapPromise(42 as never, { loop })).toThrow("wrapPromise(promise): expected a PromiseLike, got 42 (number)");
  });

  it("accepts a function that has a then method (a PromiseLike need not be an object)", async () => {
    const loop = new TestLoop();
    const thenable = Object.assign(() => {}, { then: (ok: (v: number) => void) => ok(9) });
    const fut = wrapPromise<number>(thenable as never, { loop });
    await macrotask();
    loop.runUntilIdle();
    expect(fut.result()).toBe(9);
  });

  it("wraps a future-like from another copy of the package instead of returning it as is", () => {
    const loop = new TestLoop();
    const foreign = { [FUTURE]: false, then: () => {} };
    const fut = wrapPromise(foreign as never, { loop });
    expect(fut).not.toBe(foreign);
    expect(fut).toBeInstanceOf(Future);
  });
});

