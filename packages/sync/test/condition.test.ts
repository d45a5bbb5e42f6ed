import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { Condition, Lock } from "@aio/sync";
import { currentTask, type Task } from "@aio/task";
import { STYLES, outcome, sleep, tick, type Style } from "./helpers.js";

/** A consumer: holds the condition, waits until `state.n != 0`, takes one unit; stops at n < 0. */
function consumer(loop: TestLoop, style: Style, cond: Condition, state: { n: number; taken: string[] }, name: string): Task<void> {
  if (style === "generator") {
    return loop.createTask(
      cond.use(function* () {
        for (;;) {
          yield* cond.waitFor(() => state.n !== 0);
          if (state.n < 0) return;
          state.n--;
          state.taken.push(name);
        }
      }),
    );
  }
  return loop.createTask(async () => {
    await cond.use(async () => {
      for (;;) {
        await cond.waitFor(() => state.n !== 0);
        if (state.n < 0) return;
        state.n--;
        state.taken.push(name);
      }
    });
  });
}

/** A task that waits once on the condition (holding the lock) and records why it ended. */
function waitOnce(loop: TestLoop, style: Style, cond: Condition, log: string[], name: string): Task<true> {
  if (style === "generator") {
    return loop.createTask(function* (): Coroutine<true> {
      yield* cond.acquire();
      try {
        const r = yield* cond.wait();
        log.push(`${name} woke, locked=${cond.locked()}`);
        return r;
      } catch (e) {
        log.push(`${name} ${(e as Error).name}, locked=${cond.locked()}`);
        throw e;
      } finally {
        cond.release();
      }
    });
  }
  return loop.createTask(async () => {
    await cond.acquire();
    try {
      const r = await cond.wait();
      log.push(`${name} woke, locked=${cond.locked()}`);
      return r;
    } catch (e) {
      log.push(`${name} ${(e as Error).name}, locked=${cond.locked()}`);
      throw e;
    } finally {
      cond.release();
    }
  });
}

/** `cond.waitFor(predicate)`, given up after `delay` seconds (the task cancels itself and uncancels). */
function* waitWithTimeout(loop: TestLoop, cond: Condition, predicate: () => boolean, delay: number): Coroutine<void> {
  const me = currentTask(loop)!;
  const timer = loop.callLater(delay, () => me.cancel());
  try {
    yield* cond.waitFor(predicate);
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    me.uncancel();
  } finally {
    timer.cancel();
  }
}

describe("Condition", () => {
  it("uses the lock it is given, or a new one; shows its state", () => {
    const lock = new Lock();
    const cond = new Condition(lock);
    expect(cond.locked()).toBe(false);
    lock.acquire()[Symbol.iterator]().next();
    expect(cond.locked()).toBe(true);
    expect(String(cond)).toBe("<Condition [locked]>");
    expect(String(new Condition())).toBe("<Condition [unlocked]>");
    expect(String(new Condition(null))).toBe("<Condition [unlocked]>");
  });

  it("refuses a lock that is not a Lock", () => {
    expect(() => new Condition({} as Lock)).toThrow(new TypeError("Condition(lock): expected a Lock, null or undefined, got Object (object)"));
  });

  it("wait(), notify() and notifyAll() need the lock", () => {
    const cond = new Condition();
    expect(() => cond.wait()[Symbol.iterator]().next()).toThrow(new Error("cannot wait on un-acquired lock"));
    expect(() => cond.notify()).toThrow(new Error("cannot notify on un-acquired lock"));
    expect(() => cond.notifyAll()).toThrow(new Error("cannot notify on un-acquired lock"));
    expect(() => cond.notify("1" as unknown as number)).toThrow(TypeError);
    expect(() => cond.waitFor(42 as unknown as () => boolean)).toThrow(
      new TypeError("Condition.waitFor(predicate): expected a function, got 42 (number)"),
    );
  });

  it("waitFor() returns the predicate's value at once when it is already truthy", () => {
    const cond = new Condition();
    expect(cond.waitFor(() => "ready")[Symbol.iterator]().next()).toEqual({ done: true, value: "ready" });
  });
});

describe.each(STYLES)("Condition with %s tasks", (style) => {
  it("notify(n) wakes the first n waiters in order; each returns holding the lock", async () => {
    const loop = new TestLoop();
    const cond = new Condition();
    const log: string[] = [];
    const ts = ["A", "B", "C"].map((n) => waitOnce(loop, style, cond, log, n));
    await tick(loop, 3);
    expect(String(cond)).toBe("<Condition [unlocked, waiters:3]>");
    await loop.runUntilComplete(cond.acquire());
    cond.notify(2);
    cond.release();
    await tick(loop, 6);
    expect(log).toEqual(["A woke, locked=true", "B woke, locked=true"]);
    expect(ts.map(outcome)).toEqual(["result true", "result true", "pending"]);
    await loop.runUntilComplete(cond.acquire());
    cond.notifyAll();
    cond.release();
    await loop.runUntilComplete(ts[2]!);
    expect(log[2]).toBe("C woke, locked=true");
    expect(cond.locked()).toBe(false);
  });

  it("a wait cancelled while waiting re-acquires the lock before the CancelledError propagates", async () => {
    const loop = new TestLoop();
    const cond = new Condition();
    const log: string[] = [];
    const t = waitOnce(loop, style, cond, log, "A");
    await tick(loop, 3);
    expect(cond.locked()).toBe(false);
    loop.callSoon(() => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(log).toEqual(["A CancelledError, locked=true"]);
    expect(String(cond)).toBe("<Condition [unlocked]>");
  });

  it("cancelled while the lock is contested, it waits for the lock and still throws CancelledError", async () => {
    // Actors: A waits; main takes the lock, notifies A, cancels A and keeps the lock 5 s.
    // Expected: A re-acquires only after main releases, then ends cancelled, holding the lock then.
    const loop = new TestLoop();
    const cond = new Condition();
    const log: string[] = [];
    const a = waitOnce(loop, style, cond, log, "A");
    await tick(loop, 3);
    await loop.runUntilComplete(function* () {
      yield* cond.acquire();
      cond.notify();
      yield;
      a.cancel("stop");
      yield* sleep(5);
      cond.release();
    });
    await expect(loop.runUntilComplete(a)).rejects.toThrow("stop");
    expect(log).toEqual(["A CancelledError, locked=true"]);
    expect(loop.time()).toBe(5);
  });

  it("re-throws the very CancelledError it got while waiting (CPython test_cancelled_error_wakeup)", async () => {
    const loop = new TestLoop();
    const cond = new Condition();
    let raised: unknown = null;
    const body = style === "generator"
      ? loop.createTask(cond.use(function* () {
          try {
            yield* cond.waitFor(() => false);
          } catch (e) {
            raised = e;
            throw e;
          }
        }))
      : loop.createTask(async () => {
          await cond.use(async () => {
            try {
              await cond.waitFor(() => false);
            } catch (e) {
              raised = e;
              throw e;
            }
          });
        });
    await tick(loop, 3);
    body.cancel("foo");
    let seen: unknown;
    await loop.runUntilComplete(body).catch((e: unknown) => (seen = e));
    expect(raised).toBeInstanceOf(CancelledError);
    expect((raised as Error).message).toBe("foo");
    expect(seen).toBe(raised);
    expect(cond.locked()).toBe(false);
  });

  it("cancelled while re-acquiring after notify: the same CancelledError, lock held when it propagates (test_cancelled_error_re_aquire)", async () => {
    const loop = new TestLoop();
    const cond = new Condition();
    const state = { wake: false };
    const log: string[] = [];
    const t = style === "generator"
      ? loop.createTask(cond.use(function* () {
          try {
            yield* cond.waitFor(() => state.wake);
          } catch (e) {
            log.push(`caught ${(e as Error).message}, locked=${cond.locked()}`);
            throw e;
          }
        }))
      : loop.createTask(async () => {
          await cond.use(async () => {
            try {
              await cond.waitFor(() => state.wake);
            } catch (e) {
              log.push(`caught ${(e as Error).message}, locked=${cond.locked()}`);
              throw e;
            }
          });
        });
    await tick(loop, 3);
    await loop.runUntilComplete(cond.acquire());
    state.wake = true;
    cond.notify();
    await tick(loop, 2); // t now waits for the lock
    t.cancel("foo");
    cond.release();
    await loop.runUntilComplete(t).catch(() => {});
    expect(outcome(t)).toBe("cancelled");
    expect(log).toEqual(["caught foo, locked=true"]);
    expect(cond.locked()).toBe(false);
  });

  it("a consumer cancelled right after notify(1) passes the notification on (CPython test_cancelled_wakeup)", async () => {
    const loop = new TestLoop();
    const cond = new Condition();
    const state = { n: 0, taken: [] as string[] };
    const c0 = consumer(loop, style, cond, state, "c0");
    const c1 = consumer(loop, style, cond, state, "c1");
    await tick(loop, 3);
    await loop.runUntilComplete(function* () {
      yield* cond.acquire();
      state.n++;
      cond.notify(1);
      c0.cancel(); // cancelled while its notification is pending
      // Nobody notifies main: like CPython's test, give up waiting after 0.01 s and check the state.
      yield* waitWithTimeout(loop, cond, () => state.n === 0, 0.01);
      expect(state.n).toBe(0);
      state.n = -1;
      cond.notifyAll();
      cond.release();
    });
    await loop.runUntilComplete(c1);
    expect(state.taken).toEqual(["c1"]);
    expect(outcome(c0)).toBe("cancelled");
  });

  it("a consumer cancelled while re-acquiring the lock passes the notification on (test_cancelled_wakeup_relock)", async () => {
    const loop = new TestLoop();
    const cond = new Condition();
    const state = { n: 0, taken: [] as string[] };
    const c0 = consumer(loop, style, cond, state, "c0");
    const c1 = consumer(loop, style, cond, state, "c1");
    await tick(loop, 3);
    await loop.runUntilComplete(function* () {
      yield* cond.acquire();
      state.n++;
      cond.notify(1);
      yield; // c0 wakes and waits for the lock
      yield;
      c0.cancel();
      yield* waitWithTimeout(loop, cond, () => state.n === 0, 0.01);
      expect(state.n).toBe(0);
      state.n = -1;
      cond.notifyAll();
      cond.release();
    });
    await loop.runUntilComplete(c1);
    expect(state.taken).toEqual(["c1"]);
    expect(outcome(c0)).toBe("cancelled");
  });

  it("a wait that times out (cancelled by a timer) leaves no waiter behind and holds the lock again", async () => {
    const loop = new TestLoop();
    const cond = new Condition();
    const log: string[] = [];
    const t = waitOnce(loop, style, cond, log, "A");
    loop.callLater(0.5, () => t.cancel());
    await loop.runUntilComplete(t).catch(() => {});
    expect(log).toEqual(["A CancelledError, locked=true"]);
    expect(String(cond)).toBe("<Condition [unlocked]>");
    expect(loop.time()).toBe(0.5);
  });

  it("two conditions sharing one lock", async () => {
    const loop = new TestLoop();
    const lock = new Lock();
    const a = new Condition(lock);
    const b = new Condition(lock);
    const log: string[] = [];
    const ta = waitOnce(loop, style, a, log, "A");
    const tb = waitOnce(loop, style, b, log, "B");
    await tick(loop, 3);
    await loop.runUntilComplete(lock.acquire());
    expect(a.locked() && b.locked()).toBe(true);
    b.notify();
    lock.release();
    await loop.runUntilComplete(tb);
    expect(log).toEqual(["B woke, locked=true"]);
    expect(outcome(ta)).toBe("pending");
  });
});
