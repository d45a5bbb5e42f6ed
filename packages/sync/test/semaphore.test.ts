import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { BoundedSemaphore, Semaphore } from "@aio/sync";
import type { Task } from "@aio/task";
import { STYLES, outcome, sleep, tick, type Style } from "./helpers.js";

/** A task that acquires, logs `name`, then optionally holds for `hold` seconds and releases. */
function taker(loop: TestLoop, style: Style, sem: Semaphore, log: string[], name: string, hold?: number): Task<string> {
  if (style === "generator") {
    return loop.createTask(function* (): Coroutine<string> {
      yield* sem.acquire();
      log.push(name);
      if (hold !== undefined) {
        try {
          yield* sleep(hold);
        } finally {
          sem.release();
        }
      }
      return name;
    });
  }
  return loop.createTask(async () => {
    await sem.acquire();
    log.push(name);
    if (hold !== undefined) {
      try {
        await sleep(hold);
      } finally {
        sem.release();
      }
    }
    return name;
  });
}

/** How many permits can be taken right now without waiting (takes and gives them back). */
function freePermits(sem: Semaphore): number {
  let n = 0;
  while (!sem.locked()) {
    sem.acquire()[Symbol.iterator]().next();
    n++;
  }
  for (let i = 0; i < n; i++) sem.release();
  return n;
}

describe("Semaphore", () => {
  it("checks its value: an integer >= 0", () => {
    expect(() => new Semaphore(-1)).toThrow(new RangeError("Semaphore(value): expected an integer >= 0, got -1 (number)"));
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
    expect(() => new Semaphore("2" as unknown as number)).toThrow(new TypeError('Semaphore(value): expected an integer >= 0, got "2" (string)'));
    expect(() => new BoundedSemaphore(-2)).toThrow(new RangeError("BoundedSemaphore(value): expected an integer >= 0, got -2 (number)"));
  });

  it("defaults to one permit; Semaphore(0) starts locked", () => {
    expect(freePermits(new Semaphore())).toBe(1);
    expect(new Semaphore(0).locked()).toBe(true);
    expect(String(new Semaphore(0))).toBe("<Semaphore [locked]>");
  });

  it("acquire() takes permits without waiting while there are some; repr shows the value", () => {
    const sem = new Semaphore(3);
    expect(String(sem)).toBe("<Semaphore [unlocked, value:3]>");
    expect(sem.acquire()[Symbol.iterator]().next()).toEqual({ done: true, value: true });
    expect(sem.acquire()[Symbol.iterator]().next()).toEqual({ done: true, value: true });
    expect(String(sem)).toBe("<Semaphore [unlocked, value:1]>");
    sem.release();
    sem.release();
    sem.release(); // a plain semaphore accepts extra releases
    expect(freePermits(sem)).toBe(4);
  });

  it("a user subclass shows its own name in reprs and messages", () => {
    class Pool extends BoundedSemaphore {}
    expect(String(new Pool(2))).toBe("<Pool [unlocked, value:2]>");
    expect(() => new Pool(-1)).toThrow("Pool(value): expected an integer >= 0, got -1 (number)");
  });

  it("BoundedSemaphore.release() above the initial value throws", () => {
    const sem = new BoundedSemaphore(2);
    expect(() => sem.release()).toThrow(new RangeError("BoundedSemaphore released too many times"));
    sem.acquire()[Symbol.iterator]().next();
    sem.release();
    expect(() => sem.release()).toThrow(RangeError);
    expect(String(sem)).toBe("<BoundedSemaphore [unlocked, value:2]>");
    expect(sem).toBeInstanceOf(Semaphore);
  });
});

describe.each(STYLES)("Semaphore with %s tasks", (style) => {
  it("release() hands permits to waiters in order; a newcomer cannot overtake them (CPython test_acquire)", async () => {
    const loop = new TestLoop();
    const sem = new Semaphore(3);
    const log: string[] = [];
    await loop.runUntilComplete(sem.acquire());
    await loop.runUntilComplete(sem.acquire());
    const [t1, t2, t3] = ["1", "2", "3"].map((n) => taker(loop, style, sem, log, n));
    await tick(loop, 2);
    expect(log).toEqual(["1"]);
    expect(String(sem)).toBe("<Semaphore [locked, waiters:2]>");
    const t4 = taker(loop, style, sem, log, "4");
    sem.release();
    sem.release();
    await tick(loop, 2);
    expect(log).toEqual(["1", "2", "3"]);
    expect(String(sem)).toBe("<Semaphore [locked, waiters:1]>");
    expect([t1, t2, t3, t4].map(outcome)).toEqual(["result 1", "result 2", "result 3", "pending"]);
    sem.release();
    await loop.runUntilComplete(t4);
    expect(log).toEqual(["1", "2", "3", "4"]);
  });

  it("waiters cancelled before they are woken are skipped (test_acquire_cancel_before_awoken)", async () => {
    const loop = new TestLoop();
    const sem = new Semaphore(0);
    const log: string[] = [];
    const ts = ["1", "2", "3", "4"].map((n) => taker(loop, style, sem, log, n));
    await tick(loop, 2);
    ts[0]!.cancel();
    ts[1]!.cancel();
    sem.release();
    await tick(loop, 3);
    expect(ts.map(outcome)).toEqual(["cancelled", "cancelled", "result 3", "pending"]);
    ts[3]!.cancel();
    await tick(loop, 3);
    expect(String(sem)).toBe("<Semaphore [locked]>");
  });

  it("a waiter woken and then cancelled gives the permit to the next one (test_acquire_hang)", async () => {
    const loop = new TestLoop();
    const sem = new Semaphore(0);
    const log: string[] = [];
    const [t1, t2] = ["1", "2"].map((n) => taker(loop, style, sem, log, n));
    await tick(loop, 2);
    sem.release(); // t1 gets the permit...
    t1!.cancel(); // ...and is cancelled before it runs
    await tick(loop, 3);
    expect(outcome(t1!)).toBe("cancelled");
    expect(outcome(t2!)).toBe("result 2");
    expect(sem.locked()).toBe(true);
  });

  it("a cancelled task inside use() still releases, and the next waiter gets in (test_acquire_no_hang)", async () => {
    const loop = new TestLoop();
    const sem = new Semaphore(1);
    const log: string[] = [];
    const body = style === "generator"
      ? (name: string, hold: number) => loop.createTask(sem.use(function* () { log.push(name); yield* sleep(hold); }))
      : (name: string, hold: number) => loop.createTask(async () => { await sem.use(async () => { log.push(name); await sleep(hold); }); });
    const t1 = body("1", 1);
    const t2 = body("2", 1);
    const t3 = body("3", 1);
    loop.callLater(0.5, () => t2.cancel());
    await loop.runUntilComplete(t3);
    expect(log).toEqual(["1", "3"]);
    expect([t1, t2, t3].map(outcome)).toEqual(["result undefined", "cancelled", "result undefined"]);
    expect(freePermits(sem)).toBe(1);
    expect(loop.time()).toBe(2);
  });

  it("keeps FIFO order across repeated acquire/release (test_acquire_fifo_order)", async () => {
    const loop = new TestLoop();
    const sem = new Semaphore(1);
    const log: string[] = [];
    const make = (tag: string): Task<void> =>
      style === "generator"
        ? loop.createTask(function* () {
            for (const round of [1, 2]) {
              yield* sem.acquire();
              log.push(`${tag}_${round}`);
              yield* sleep(0.01);
              sem.release();
            }
          })
        : loop.createTask(async () => {
            for (const round of [1, 2]) {
              await sem.acquire();
              log.push(`${tag}_${round}`);
              await sleep(0.01);
              sem.release();
            }
          });
    const ts = ["c1", "c2", "c3"].map(make);
    await loop.runUntilComplete(ts[2]!);
    expect(log).toEqual(["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
  });

  it("a release() with free permits but waiters in line wakes them all in order (test_acquire_fifo_order_4)", async () => {
    const loop = new TestLoop();
    const sem = new Semaphore(0);
    const log: string[] = [];
    const [t1, t2, t3] = ["1", "2", "3"].map((n) => taker(loop, style, sem, log, n));
    await tick(loop, 2);
    sem.release();
    sem.release();
    sem.release();
    expect(sem.locked()).toBe(true); // t1..t3 are woken but have not run
    const t4 = taker(loop, style, sem, log, "4");
    await tick(loop, 3);
    expect(log).toEqual(["1", "2", "3"]);
    expect([t1, t2, t3, t4].map(outcome)).toEqual(["result 1", "result 2", "result 3", "pending"]);
  });

  it("a waiter that gets a permit frees up the ones that queued behind it (FIFO wake-up chain)", async () => {
    // Actors: 3 permits, all taken; 3 waiters. A cancelled waiter at the head and releases in one
    // iteration must not strand the others.
    const loop = new TestLoop();
    const sem = new Semaphore(3);
    for (let i = 0; i < 3; i++) await loop.runUntilComplete(sem.acquire());
    const log: string[] = [];
    const ts = ["a", "b", "c"].map((n) => taker(loop, style, sem, log, n));
    await tick(loop, 2);
    ts[0]!.cancel();
    sem.release();
    sem.release();
    sem.release();
    await tick(loop, 4);
    expect(ts.map(outcome)).toEqual(["cancelled", "result b", "result c"]);
    expect(freePermits(sem)).toBe(1);
  });

  it("a cancelled waiter leaves no trace", async () => {
    const loop = new TestLoop();
    const sem = new Semaphore(1);
    await loop.runUntilComplete(sem.acquire());
    const t = style === "generator" ? loop.createTask(sem.acquire()) : loop.createTask(async () => sem.acquire());
    loop.callSoon(() => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(String(sem)).toBe("<Semaphore [locked]>");
    sem.release();
    expect(freePermits(sem)).toBe(1);
  });
});
