// Done callbacks, awaiters and reprs of a future: what must hold however they are mixed.
import { describe, expect, it } from "vitest";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";

describe("done callbacks and awaiters together", () => {
  it("every callback still registered runs, in order, after others were removed", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const ran: string[] = [];
    const a = (): void => void ran.push("a");
    const b = (): void => void ran.push("b");
    const c = (): void => void ran.push("c");
    fut.addDoneCallback(a);
    fut.addDoneCallback(b);
    expect(fut.removeDoneCallback(b)).toBe(1);
    fut.addDoneCallback(c);
    fut.setResult(1);
    loop.runUntilIdle();
    expect(ran).toEqual(["a", "c"]);
  });

  it("removing the first callback keeps the later ones, and removing one in the middle keeps both sides", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const ran: string[] = [];
    const cbs = ["a", "b", "c", "d"].map((name) => {
      const f = (): void => void ran.push(name);
      fut.addDoneCallback(f);
      return f;
    });
    expect(fut.removeDoneCallback(cbs[0]!)).toBe(1);
    expect(fut.removeDoneCallback(cbs[2]!)).toBe(1);
    fut.setResult(1);
    loop.runUntilIdle();
    expect(ran).toEqual(["b", "d"]);
  });

  it("an await after a callback was removed still wakes, and the remaining callback still runs", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const ran: string[] = [];
    const a = (): void => void ran.push("a");
    const b = (): void => void ran.push("b");
    fut.addDoneCallback(a);
    fut.addDoneCallback(b);
    fut.removeDoneCallback(b);
    const awaited = (async () => {
      const v = await fut;
      ran.push(`await ${v}`);
    })();
    fut.setResult(5);
    loop.runUntilIdle();
    await awaited;
    expect(ran).toEqual(["a", "await 5"]);
  });

  it("two awaits of one pending future both get its result", async () => {
    const loop = new TestLoop();
    const fut = new Future<string>({ loop });
    const both = Promise.all([(async () => await fut)(), (async () => await fut)()]);
    fut.setResult("v");
    loop.runUntilIdle();
    await expect(both).resolves.toEqual(["v", "v"]);
  });

  it("a subclass that overrides addDoneCallback hears of an await through it", async () => {
    const loop = new TestLoop();
    const told: unknown[] = [];
    class Watched<T> extends Future<T> {
      override addDoneCallback(fn: (future: this) => void): void {
        told.push(fn);
        super.addDoneCallback(fn);
      }
    }
    const fut = new Watched<number>({ loop });
    const awaited = fut.then((v) => v); // what an `await fut` calls
    expect(told).toHaveLength(1);
    fut.setResult(3);
    loop.runUntilIdle();
    await expect(awaited).resolves.toBe(3);
  });
});

describe("what a future may fail with", () => {
  it("null and strings are stored as given (only Error classes are instantiated)", () => {
    const loop = new TestLoop();
    const a = new Future({ loop });
    a.setException(null);
    expect(a.exception()).toBeNull();
    expect(() => a.result()).toThrow();
    const b = new Future({ loop });
    b.setException("bad");
    expect(b.exception()).toBe("bad");
    const c = new Future({ loop });
    c.setException(RangeError);
    expect(c.exception()).toBeInstanceOf(RangeError);
    const d = new Future({ loop });
    const plain = function NotAnError(): void {};
    d.setException(plain);
    expect(d.exception()).toBe(plain);
  });
});

describe("a loop that lacks what a future needs", () => {
  it("is refused when the future is made, naming the option", () => {
    const method = (): void => {};
    expect(() => new Future({ loop: { isClosed: method } as never })).toThrow(/^Future\(options\.loop\): expected an EventLoop, got /);
    expect(() => new Future({ loop: { callSoon: method } as never })).toThrow(/^Future\(options\.loop\): expected an EventLoop, got /);
    expect(() => new Future({ loop: { callSoon: method, isClosed: method } as never })).not.toThrow();
  });
});

describe("the repr of a done future", () => {
  it("shows numbers, booleans, undefined, bigints and strings plainly, and cuts a long string", () => {
    const loop = new TestLoop();
    const done = (v: unknown): string => {
      const f = new Future<unknown>({ loop });
      f.setResult(v);
      return String(f);
    };
    expect(done(1)).toBe("<Future finished result=1>");
    expect(done(false)).toBe("<Future finished result=false>");
    expect(done(undefined)).toBe("<Future finished result=undefined>");
    expect(done(10n)).toBe("<Future finished result=10n>");
    expect(done("x".repeat(40))).toBe(`<Future finished result="${"x".repeat(40)}">`);
    expect(done("y".repeat(41))).toBe(`<Future finished result="${"y".repeat(37)}...">`);
    expect(done(null)).toBe("<Future finished result=null>");
  });
});
