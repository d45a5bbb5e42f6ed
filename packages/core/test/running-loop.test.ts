import { afterEach, describe, expect, it } from "vitest";
import {
  _getRunningLoop,
  _isInTurn,
  _setInTurn,
  _setRunningLoop,
  getEventLoop,
  getRunningLoop,
  setEventLoop,
  type EventLoop,
} from "@aio/core";
import { TestLoop } from "@aio/loop";

afterEach(() => {
  setEventLoop(null);
  _setRunningLoop(null);
  _setInTurn(false);
});

describe("getRunningLoop()", () => {
  it('throws Error("no running event loop") when no loop runs', () => {
    expect(() => getRunningLoop()).toThrow(new Error("no running event loop"));
  });

  it("does not fall back to the loop set with setEventLoop()", () => {
    setEventLoop(new TestLoop());
    expect(() => getRunningLoop()).toThrow("no running event loop");
  });

  it("returns the loop inside a generator coroutine and after an await in an async function", async () => {
    const loop = new TestLoop();
    const seen: EventLoop[] = [];
    await loop.runUntilComplete(function* () {
      seen.push(getRunningLoop());
    });
    await loop.runUntilComplete(async () => {
      await Promise.resolve();
      seen.push(getRunningLoop());
    });
    expect(seen).toEqual([loop, loop]);
    expect(() => getRunningLoop()).toThrow("no running event loop");
    loop.close();
  });
});

describe("getEventLoop()", () => {
  it("throws when no loop runs and none was set", () => {
    expect(() => getEventLoop()).toThrow(/no current event loop/);
  });

  it("returns the loop set with setEventLoop() when none runs", () => {
    const loop = new TestLoop();
    setEventLoop(loop);
    expect(getEventLoop()).toBe(loop);
  });

  it("prefers the running loop over the one that was set", async () => {
    const set = new TestLoop();
    const running = new TestLoop();
    setEventLoop(set);
    const seen = await running.runUntilComplete(function* () {
      return getEventLoop();
    });
    expect(seen).toBe(running);
    expect(getEventLoop()).toBe(set);
  });
});

describe("setEventLoop()", () => {
  it("clears the loop with null", () => {
    setEventLoop(new TestLoop());
    setEventLoop(null);
    expect(() => getEventLoop()).toThrow();
  });

  it("throws a TypeError naming the argument for anything that is not a loop", () => {
    for (const bad of [undefined, 42, "loop", {}, { callSoon: 1 }]) {
      expect(() => setEventLoop(bad as never)).toThrow(/^setEventLoop\(loop\): expected an EventLoop or null, got /);
    }
    expect(() => setEventLoop(42 as never)).toThrow("setEventLoop(loop): expected an EventLoop or null, got 42 (number)");
  });

  it("leaves the previous loop in place when it refuses the argument", () => {
    const loop = new TestLoop();
    setEventLoop(loop);
    expect(() => setEventLoop({} as never)).toThrow("setEventLoop(loop): expected an EventLoop or null, got Object (object)");
    expect(getEventLoop()).toBe(loop);
  });
});

describe("_setRunningLoop() and _getRunningLoop()", () => {
  it("set and read the running loop without errors", () => {
    expect(_getRunningLoop()).toBeNull();
    const loop = new TestLoop();
    _setRunningLoop(loop);
    expect(_getRunningLoop()).toBe(loop);
    expect(getRunningLoop()).toBe(loop);
    _setRunningLoop(null);
    expect(_getRunningLoop()).toBeNull();
  });

  it("keep the state in a process-wide slot that another copy of the package would share", () => {
    const slot = (globalThis as Record<symbol, { running: unknown; current: unknown }>)[Symbol.for("@aio/core.slot")]!;
    const loop = new TestLoop();
    _setRunningLoop(loop);
    setEventLoop(loop);
    expect(slot.running).toBe(loop);
    expect(slot.current).toBe(loop);
  });
});

describe("_setInTurn() and _isInTurn()", () => {
  it("record whether a loop is running callbacks synchronously", () => {
    expect(_isInTurn()).toBe(false);
    _setInTurn(true);
    expect(_isInTurn()).toBe(true);
    _setInTurn(false);
    expect(_isInTurn()).toBe(false);
  });

  it("are true inside a loop callback and false in an async continuation between turns", async () => {
    const loop = new TestLoop();
    const seen: boolean[] = [];
    await loop.runUntilComplete(async () => {
      seen.push(_isInTurn()); // first step: called by the loop
      await Promise.resolve();
      seen.push(_isInTurn()); // a microtask after the turn ended
    });
    expect(seen).toEqual([true, false]);
    loop.close();
  });
});
