// Behaviours that no other test pinned down (found by mutation testing): each test names what must hold.
import { afterEach, describe, expect, it } from "vitest";
import { Future, _WaiterQueue } from "@aio/future";
import { TestLoop } from "@aio/loop";

describe("chaining on fut.then(...)", () => {
  it("a .then().catch() chained after the future failed still settles, with the error", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const first = fut.then((v) => v * 2); // no onRejected: the error passes through
    const boom = new Error("boom");
    fut.setException(boom);
    fut.exception(); // retrieved: no "never retrieved" report
    loop.runUntilIdle(); // the rejection has fired: chaining now reads the recorded outcome
    const seen = await first.then(
      () => "fulfilled",
      (e: unknown) => `rejected ${(e as Error).message}`,
    );
    expect(seen).toBe("rejected boom");
    await expect(Promise.resolve(first.then((v) => v)).catch((e: Error) => `caught ${e.message}`)).resolves.toBe("caught boom");
  });

  it("a .then() chained after the future succeeded gets the mapped value", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const first = fut.then((v) => v * 2);
    fut.setResult(21);
    loop.runUntilIdle();
    await expect(first.then((v) => v + 0)).resolves.toBe(42);
  });
});

describe("a rejection nobody handles", () => {
  let restore: (() => void) | null = null;
  afterEach(() => {
    restore?.();
    restore = null;
  });

  it("fut.then(onFulfilled) on a failed future surfaces as an unhandled promise rejection", async () => {
    // Take over the process's handlers for this test only (the runner treats one as a failure).
    const saved = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    const unhandled: unknown[] = [];
    const mine = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on("unhandledRejection", mine);
    restore = () => {
      process.off("unhandledRejection", mine);
      for (const l of saved) process.on("unhandledRejection", l);
    };
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    void fut.then((v) => v); // nobody handles what this returns
    const boom = new Error("unhandled boom");
    fut.setException(boom);
    fut.exception();
    loop.runUntilIdle();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([boom]);
  });
});

describe("a future completed after its loop closed", () => {
  it("still settles an async function that awaits it", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const waiting = (async () => (await fut) + 1)();
    loop.close();
    fut.setResult(1);
    await expect(waiting).resolves.toBe(2);
  });

  it("settles an await that starts after the loop closed", async () => {
    const loop = new TestLoop();
    const fut = new Future<string>({ loop });
    fut.setResult("kept");
    loop.close();
    await expect((async () => await fut)()).resolves.toBe("kept");
  });
});

describe("iterating a future by hand", () => {
  it("a pending future yields itself once, then throws instead of looping forever", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    expect(() => [...fut]).toThrow("await wasn't used with future");
  });

  it("a done future yields nothing and returns its result", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    fut.setResult(7);
    expect([...fut]).toEqual([]);
    const it = fut[Symbol.iterator]();
    expect(it.next()).toEqual({ done: true, value: 7 });
  });
});

describe("_WaiterQueue.wakeUpTo", () => {
  it("wakes none for 0 or a negative count, even with waiters in line", () => {
    const loop = new TestLoop();
    const q = new _WaiterQueue<string>();
    const futs = [new Future<string>({ loop }), new Future<string>({ loop })];
    for (const f of futs) q.add(f);
    expect(q.wakeUpTo(0, "x")).toBe(0);
    expect(q.wakeUpTo(-3, "x")).toBe(0);
    expect(futs.map((f) => f.done())).toEqual([false, false]);
    expect(q.wakeUpTo(1, "x")).toBe(1);
    expect(futs.map((f) => f.done())).toEqual([true, false]);
  });
});
