import { describe, expect, it } from "vitest";
import type { Awaitable } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { Barrier, BoundedSemaphore, Condition, Event, Lock, Semaphore } from "@aio/sync";

// Each primitive, in a state where the awaitable it returns has to block (and so bind to a loop).
const blocking: [string, () => { prim: object; wait: () => Awaitable<unknown> }][] = [
  ["Lock", () => { const l = new Lock(); l.acquire()[Symbol.iterator]().next(); return { prim: l, wait: () => l.acquire() }; }],
  ["Event", () => { const e = new Event(); return { prim: e, wait: () => e.wait() }; }],
  ["Semaphore", () => { const s = new Semaphore(0); return { prim: s, wait: () => s.acquire() }; }],
  ["BoundedSemaphore", () => { const s = new BoundedSemaphore(0); return { prim: s, wait: () => s.acquire() }; }],
  ["Condition", () => {
    const c = new Condition();
    return { prim: c, wait: () => c.use(function* () { yield* c.wait(); }) };
  }],
  ["Barrier", () => { const b = new Barrier(3); return { prim: b, wait: () => b.wait() }; }],
];

describe.each(blocking)("%s loop binding", (name, make) => {
  it("binds to the first loop it waits on and refuses another running loop", async () => {
    const { prim, wait } = make();
    const first = new TestLoop();
    const t = first.createTask(wait());
    first.runUntilIdle();
    expect(t.done()).toBe(false);
    const second = new TestLoop();
    // The message names the object (a barrier waits through its internal Condition, as in CPython).
    const owner = name === "Barrier" ? "Condition" : name;
    await expect(second.runUntilComplete(wait())).rejects.toThrow(new RegExp(`^<${owner} \\[.*\\]> is bound to a different event loop$`));
    expect(String(prim)).toMatch(new RegExp(`^<${name} `));
    // The refused wait left nothing behind: the first loop's waiter can still be cancelled cleanly.
    t.cancel();
    first.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(String(prim)).not.toContain("waiters:1");
  });
});

describe("loop binding", () => {
  it("a lock used without waiting works from any loop", async () => {
    const lock = new Lock();
    for (const loop of [new TestLoop(), new TestLoop()]) {
      await loop.runUntilComplete(function* () {
        yield* lock.acquire();
        lock.release();
      });
    }
    expect(lock.locked()).toBe(false);
  });
});
