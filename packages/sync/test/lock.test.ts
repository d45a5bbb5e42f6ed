import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Lock } from "@aio/sync";
import type { Task } from "@aio/task";
import { STYLES, outcome, sleep, tick, type Style } from "./helpers.js";

/** A task that takes the lock, records it, waits for `blocker` (if any) and releases. */
function locker(loop: TestLoop, style: Style, lock: Lock, log: string[], name: string, blocker?: Future<unknown>): Task<string> {
  if (style === "generator") {
    return loop.createTask(function* (): Coroutine<string> {
      yield* lock.acquire();
      log.push(name);
      try {
        if (blocker !== undefined) yield* blocker;
      } finally {
        lock.release();
      }
      return name;
    });
  }
  return loop.createTask(async () => {
    await lock.acquire();
    log.push(name);
    try {
      if (blocker !== undefined) await blocker;
    } finally {
      lock.release();
    }
    return name;
  });
}

describe("Lock", () => {
  it("starts unlocked and shows its state", () => {
    const lock = new Lock();
    expect(lock.locked()).toBe(false);
    expect(String(lock)).toBe("<Lock [unlocked]>");
  });

  it("acquire() on a free lock takes it without waiting (no loop needed)", () => {
    const lock = new Lock();
    const op = lock.acquire()[Symbol.iterator]();
    expect(op.next()).toEqual({ done: true, value: true });
    expect(lock.locked()).toBe(true);
    expect(String(lock)).toBe("<Lock [locked]>");
  });

  it("release() of an unlocked lock throws 'Lock is not acquired.'", () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(new Error("Lock is not acquired."));
  });

  it("an acquire() that is never awaited does nothing, like an un-awaited coroutine", () => {
    const lock = new Lock();
    void lock.acquire();
    expect(lock.locked()).toBe(false);
  });
});

describe.each(STYLES)("Lock with %s tasks", (style) => {
  it("hands the lock to waiters in the order they asked, and shows them in its repr", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const log: string[] = [];
    const gate = new Future({ loop });
    const tasks = ["A", "B", "C", "D"].map((n, i) => locker(loop, style, lock, log, n, i === 0 ? gate : undefined));
    await tick(loop, 2);
    expect(log).toEqual(["A"]);
    expect(String(lock)).toBe("<Lock [locked, waiters:3]>");
    gate.setResult(null);
    await loop.runUntilComplete(tasks[3]!);
    expect(log).toEqual(["A", "B", "C", "D"]);
    expect(lock.locked()).toBe(false);
    expect(String(lock)).toBe("<Lock [unlocked]>");
  });

  it("release() wakes the first waiter but locked() stays false until it runs", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const log: string[] = [];
    const gate = new Future({ loop });
    locker(loop, style, lock, log, "A", gate);
    const b = locker(loop, style, lock, log, "B", new Future({ loop }));
    await tick(loop, 2);
    gate.setResult(null);
    await tick(loop); // A resumes and releases: B is woken, not yet running
    expect(lock.locked()).toBe(false);
    expect(log).toEqual(["A"]);
    await tick(loop); // B runs and takes it
    expect(lock.locked()).toBe(true);
    expect(log).toEqual(["A", "B"]);
    b.cancel();
    await loop.runUntilComplete(b).catch(() => {});
    expect(lock.locked()).toBe(false);
  });

  it("no queue-jumping: a newcomer waits behind a woken waiter that has not run yet", async () => {
    // Actors: A holds the lock, B waits. A releases (B is woken) and, in the same iteration,
    // a newcomer N asks for the lock. Expected: B gets it first, then N.
    const loop = new TestLoop();
    const lock = new Lock();
    const log: string[] = [];
    await tick(loop);
    await loop.runUntilComplete(lock.acquire());
    const b = locker(loop, style, lock, log, "B");
    await tick(loop, 2);
    lock.release();
    const n = locker(loop, style, lock, log, "N");
    await loop.runUntilComplete(n);
    expect(outcome(b)).toBe("result B");
    expect(log).toEqual(["B", "N"]);
  });

  it("a waiter cancelled while A releases does not take the lock: C gets it (CPython test_cancel_race)", async () => {
    // Actors: A holds the lock until `gate`; B and C wait. Before the loop runs again, the gate
    // opens and B is cancelled. Expected: A releases, B ends cancelled, C takes the lock.
    const loop = new TestLoop();
    const lock = new Lock();
    const log: string[] = [];
    const gate = new Future({ loop });
    const a = locker(loop, style, lock, log, "A", gate);
    await tick(loop);
    expect(lock.locked()).toBe(true);
    const b = locker(loop, style, lock, log, "B");
    await tick(loop);
    const c = locker(loop, style, lock, log, "C");
    await tick(loop);
    gate.setResult(null);
    b.cancel();
    await tick(loop);
    expect(lock.locked()).toBe(false);
    expect(a.done()).toBe(true);
    await loop.runUntilComplete(c);
    expect(outcome(b)).toBe("cancelled");
    expect(log).toEqual(["A", "C"]);
    expect(lock.locked()).toBe(false);
  });

  it("cancelling a waiter and releasing in one callback lets exactly one task in (CPython test_cancel_release_race)", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const log: string[] = [];
    await loop.runUntilComplete(lock.acquire());
    const [t1, t2, t3] = ["1", "2", "3"].map((n) => locker(loop, style, lock, log, n, new Future({ loop })));
    await tick(loop);
    loop.callSoon(() => {
      t1!.cancel();
      lock.release();
    });
    await tick(loop, 4);
    expect(log).toEqual(["2"]);
    expect(outcome(t1!)).toBe("cancelled");
    expect(outcome(t3!)).toBe("pending");
    expect(String(lock)).toBe("<Lock [locked, waiters:1]>");
  });

  it("a waiter woken by release() and then cancelled passes the lock on (CPython test_finished_waiter_cancelled)", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const log: string[] = [];
    await loop.runUntilComplete(lock.acquire());
    const b = locker(loop, style, lock, log, "B");
    await tick(loop);
    const c = locker(loop, style, lock, log, "C");
    lock.release(); // B is woken...
    b.cancel(); // ...and cancelled before it runs
    await loop.runUntilComplete(c);
    expect(outcome(b)).toBe("cancelled");
    expect(log).toEqual(["C"]);
    expect(lock.locked()).toBe(false);
  });

  it("a cancelled waiter leaves the line and the lock state is unchanged", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    await loop.runUntilComplete(lock.acquire());
    const t = style === "generator" ? loop.createTask(lock.acquire()) : loop.createTask(async () => lock.acquire());
    await tick(loop, 2);
    expect(String(lock)).toBe("<Lock [locked, waiters:1]>");
    loop.callSoon(() => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(String(lock)).toBe("<Lock [locked]>");
    lock.release();
    expect(lock.locked()).toBe(false);
  });

  it("a newcomer may take a free lock when every waiter in line is cancelled", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const log: string[] = [];
    await loop.runUntilComplete(lock.acquire());
    const b = locker(loop, style, lock, log, "B");
    await tick(loop, 2);
    b.cancel();
    lock.release();
    // B's waiter is cancelled but B has not run yet: the line holds only a cancelled waiter.
    const op = lock.acquire()[Symbol.iterator]();
    expect(op.next()).toEqual({ done: true, value: true });
    await tick(loop, 3);
    expect(outcome(b)).toBe("cancelled");
    expect(lock.locked()).toBe(true);
  });

  it("a task cancelled inside the body still releases (use)", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const t =
      style === "generator"
        ? loop.createTask(lock.use(function* () { yield* sleep(10); }))
        : loop.createTask(async () => {
            await lock.use(async () => {
              await sleep(10);
            });
          });
    await tick(loop, 2);
    expect(lock.locked()).toBe(true);
    loop.callLater(1, () => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(lock.locked()).toBe(false);
    expect(loop.time()).toBe(1);
  });

  it("many waiters with some cancelled mid-wait: every live one gets the lock once, in order", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const log: string[] = [];
    const tasks = Array.from({ length: 50 }, (_, i) => locker(loop, style, lock, log, `t${i}`, sleep<unknown>(1, null, loop)));
    await tick(loop, 2);
    for (let i = 1; i < 50; i += 3) tasks[i]!.cancel();
    await loop.runUntilComplete(tasks[48]!);
    const expected = tasks.map((_, i) => `t${i}`).filter((_, i) => i % 3 !== 1);
    expect(log).toEqual(expected);
    expect(String(lock)).toBe("<Lock [unlocked]>");
  });
});
