import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { Event } from "@aio/sync";
import type { Task } from "@aio/task";
import { STYLES, outcome, tick, type Style } from "./helpers.js";

function waiter(loop: TestLoop, style: Style, ev: Event, log: string[], name: string): Task<true> {
  if (style === "generator") {
    return loop.createTask(function* (): Coroutine<true> {
      const r = yield* ev.wait();
      log.push(name);
      return r;
    });
  }
  return loop.createTask(async () => {
    const r = await ev.wait();
    log.push(name);
    return r;
  });
}

describe("Event", () => {
  it("starts unset; set() and clear() move the flag; repr shows it", () => {
    const ev = new Event();
    expect(ev.isSet()).toBe(false);
    expect(String(ev)).toBe("<Event [unset]>");
    ev.set();
    expect(ev.isSet()).toBe(true);
    expect(String(ev)).toBe("<Event [set]>");
    ev.clear();
    expect(ev.isSet()).toBe(false);
  });

  it("wait() on a set event returns true at once, without a loop", () => {
    const ev = new Event();
    ev.set();
    expect(ev.wait()[Symbol.iterator]().next()).toEqual({ done: true, value: true });
  });

  it("wait() outside a running loop, when it must block, throws 'no running event loop'", () => {
    const ev = new Event();
    expect(() => ev.wait()[Symbol.iterator]().next()).toThrow("no running event loop");
  });
});

describe.each(STYLES)("Event with %s tasks", (style) => {
  it("set() wakes every waiter, in the order they started waiting", async () => {
    const loop = new TestLoop();
    const ev = new Event();
    const log: string[] = [];
    const ts = ["A", "B", "C"].map((n) => waiter(loop, style, ev, log, n));
    await tick(loop, 2);
    expect(String(ev)).toBe("<Event [unset, waiters:3]>");
    ev.set();
    ev.set(); // setting twice changes nothing
    await tick(loop, 3);
    expect(log).toEqual(["A", "B", "C"]);
    expect(ts.map(outcome)).toEqual(["result true", "result true", "result true"]);
    expect(String(ev)).toBe("<Event [set]>");
  });

  it("clear() right after set() does not un-wake the waiters already woken", async () => {
    const loop = new TestLoop();
    const ev = new Event();
    const log: string[] = [];
    const a = waiter(loop, style, ev, log, "A");
    await tick(loop, 2);
    ev.set();
    ev.clear();
    await tick(loop, 3);
    expect(outcome(a)).toBe("result true");
    // A new waiter blocks again.
    const b = waiter(loop, style, ev, log, "B");
    await tick(loop, 3);
    expect(outcome(b)).toBe("pending");
    expect(String(ev)).toBe("<Event [unset, waiters:1]>");
  });

  it("a waiter cancelled in the same iteration as set() ends cancelled; the others get true", async () => {
    // Actors: A and B wait. Before the loop runs again, B is cancelled and set() is called.
    const loop = new TestLoop();
    const ev = new Event();
    const log: string[] = [];
    const a = waiter(loop, style, ev, log, "A");
    const b = waiter(loop, style, ev, log, "B");
    await tick(loop, 2);
    b.cancel();
    ev.set();
    await tick(loop, 3);
    expect(outcome(a)).toBe("result true");
    expect(outcome(b)).toBe("cancelled");
    expect(String(ev)).toBe("<Event [set]>");
  });

  it("a cancelled waiter leaves the list and the flag stays unset", async () => {
    const loop = new TestLoop();
    const ev = new Event();
    const t = waiter(loop, style, ev, [], "A");
    await tick(loop, 2);
    loop.callSoon(() => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(ev.isSet()).toBe(false);
    expect(String(ev)).toBe("<Event [unset]>");
  });
});
