// A cancel that races a wake-up: the primitive wakes a waiting task (hands it the lock, a permit,
// a notification, ...) and, before that task runs, something cancels it. As in CPython, the
// CancelledError is thrown at the await, and the primitive's cleanup gives back what the task was
// handed: the lock or permit goes to the next waiter (or back to the primitive), a notification
// is passed on. Each scenario runs in both coroutine styles, the whole program (main task and the
// tasks it creates) in one style, on a TestLoop driven by runUntilComplete, so async-function
// tasks step inside loop iterations exactly as they do in production.
//
// Every expected value is what CPython 3.13 prints for the same program (`asyncio.sleep(0)` for
// `sleep(0)`, `asyncio.wait_for` for `waitFor`).
import { describe, expect, it } from "vitest";
import { TimeoutError } from "@aio/core";
import { sleep, waitFor } from "@aio/combinators";
import { TestLoop } from "@aio/loop";
import { Barrier, BoundedSemaphore, Condition, Event, Lock, Semaphore } from "@aio/sync";
import { createTask } from "@aio/task";

describe("cancel racing a wake-up, generator tasks", () => {
  it("Lock.acquire: a waiter cancelled as the lock is released does not leak it (issue snippet)", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const t = createTask(function* () {
        yield* lock.acquire();
      });
      yield* sleep(0);
      expect(String(lock)).toBe("<Lock [locked, waiters:1]>");
      t.cancel();
      lock.release();
      yield* sleep(0);
      yield* sleep(0);
      // CPython: True False
      expect(t.cancelled()).toBe(true);
      expect(lock.locked()).toBe(false);
      expect(String(lock)).toBe("<Lock [unlocked]>");
    });
  });

  it("Lock.acquire: the lock a cancelled waiter was handed goes to the next waiter", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const log: string[] = [];
      const f = (name: string) =>
        createTask(function* () {
          yield* lock.acquire();
          log.push(name);
        });
      const t1 = f("t1");
      const t2 = f("t2");
      yield* sleep(0);
      expect(String(lock)).toBe("<Lock [locked, waiters:2]>");
      lock.release();
      t1.cancel();
      yield* sleep(0);
      yield* sleep(0);
      // CPython: True True ['t2'] True
      expect(t1.cancelled()).toBe(true);
      expect(t2.done()).toBe(true);
      expect(log).toEqual(["t2"]);
      expect(String(lock)).toBe("<Lock [locked]>");
      lock.release();
    });
  });

  it.each([
    ["Semaphore", () => new Semaphore(1)],
    ["BoundedSemaphore", () => new BoundedSemaphore(1)],
  ] as const)("%s.acquire: a waiter cancelled as a permit is released gives the permit back", async (name, make) => {
    await new TestLoop().runUntilComplete(function* () {
      const sem = make();
      yield* sem.acquire();
      const t = createTask(function* () {
        yield* sem.acquire();
      });
      yield* sleep(0);
      expect(String(sem)).toBe(`<${name} [locked, waiters:1]>`);
      sem.release();
      t.cancel();
      yield* sleep(0);
      yield* sleep(0);
      // CPython: True False 1
      expect(t.cancelled()).toBe(true);
      expect(sem.locked()).toBe(false);
      expect(String(sem)).toBe(`<${name} [unlocked, value:1]>`);
    });
  });

  it.each([
    ["Semaphore", () => new Semaphore(2), "released"],
    ["BoundedSemaphore", () => new BoundedSemaphore(2), "BoundedSemaphore released too many times"],
  ] as const)("%s.acquire: the permit a cancelled waiter was handed goes to the next waiter, none leaks", async (name, make, extra) => {
    await new TestLoop().runUntilComplete(function* () {
      const sem = make();
      yield* sem.acquire();
      yield* sem.acquire();
      const log: string[] = [];
      const f = (n: string) =>
        createTask(function* () {
          yield* sem.acquire();
          log.push(n);
        });
      const t1 = f("t1");
      f("t2");
      const t3 = f("t3");
      yield* sleep(0);
      expect(String(sem)).toBe(`<${name} [locked, waiters:3]>`);
      sem.release();
      t1.cancel();
      yield* sleep(0);
      yield* sleep(0);
      // CPython: True ['t2'] True False (t3 still waits, no permit free)
      expect(t1.cancelled()).toBe(true);
      expect(log).toEqual(["t2"]);
      expect(sem.locked()).toBe(true);
      expect(t3.done()).toBe(false);
      sem.release();
      yield* sleep(0);
      yield* sleep(0);
      expect(log).toEqual(["t2", "t3"]);
      // t2 and t3 give theirs back: exactly the initial two permits, none leaked or lost.
      sem.release();
      sem.release();
      expect(String(sem)).toBe(`<${name} [unlocked, value:2]>`);
      let third = "released";
      try {
        sem.release();
      } catch (e) {
        third = (e as Error).message;
      }
      expect(third).toBe(extra);
    });
  });

  it("Event.wait: a waiter cancelled as the event is set ends cancelled; the others are woken", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const ev = new Event();
      const t1 = createTask(ev.wait());
      const t2 = createTask(ev.wait());
      yield* sleep(0);
      expect(String(ev)).toBe("<Event [unset, waiters:2]>");
      ev.set();
      t1.cancel();
      yield* sleep(0);
      yield* sleep(0);
      // CPython: True True True 0
      expect(t1.cancelled()).toBe(true);
      expect(t2.result()).toBe(true);
      expect(ev.isSet()).toBe(true);
      expect(String(ev)).toBe("<Event [set]>");
    });
  });

  it("Condition.wait: a waiter cancelled as it is notified re-acquires the lock before the CancelledError propagates", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const cond = new Condition();
      const seen: string[] = [];
      const t = createTask(
        cond.use(function* () {
          try {
            yield* cond.wait();
            seen.push("returned");
          } catch (e) {
            seen.push(`${(e as Error).name}, locked=${cond.locked()}`);
            throw e;
          }
        }),
      );
      yield* sleep(0);
      expect(String(cond)).toBe("<Condition [unlocked, waiters:1]>");
      yield* cond.use(function* () {
        cond.notify(1);
        t.cancel();
        yield* sleep(0);
        yield* sleep(0);
        // CPython: [] False 0 (t waits for the lock we hold; the error is not out yet)
        expect(seen).toEqual([]);
        expect(t.done()).toBe(false);
        expect(String(cond)).toBe("<Condition [locked]>");
      });
      yield* sleep(0);
      yield* sleep(0);
      // CPython: [('cancelled, locked', True)] True False
      expect(seen).toEqual(["CancelledError, locked=true"]);
      expect(t.cancelled()).toBe(true);
      expect(cond.locked()).toBe(false);
    });
  });

  it.each([false, true])(
    "Condition: a notify(1) consumed by a cancelled waiter is passed on (CPython test_cancelled_wakeup, relock=%s)",
    async (relock) => {
      await new TestLoop().runUntilComplete(function* () {
        const cond = new Condition();
        let state = 0;
        const consumer = () =>
          createTask(
            cond.use(function* () {
              for (;;) {
                yield* cond.waitFor(() => state !== 0);
                if (state < 0) return;
                state--;
              }
            }),
          );
        const c = [consumer(), consumer()];
        yield* sleep(0);
        expect(String(cond)).toBe("<Condition [unlocked, waiters:2]>");
        let timedOut = false;
        let after = NaN;
        yield* cond.use(function* () {
          state++;
          cond.notify(1);
          // relock: c[0] wakes and settles on re-acquiring the lock; it is cancelled there.
          if (relock) yield* sleep(0);
          c[0]!.cancel();
          try {
            yield* waitFor(cond.waitFor(() => state === 0), 0.1);
          } catch (e) {
            if (!(e instanceof TimeoutError)) throw e;
            timedOut = true;
          }
          after = state;
          state = -1;
          cond.notifyAll();
        });
        yield* c[1]!;
        // CPython: 0 True True True False
        expect(after).toBe(0);
        expect(timedOut).toBe(true);
        expect(c[0]!.cancelled()).toBe(true);
        expect(c[1]!.done()).toBe(true);
        expect(cond.locked()).toBe(false);
      });
    },
  );

  it("Barrier.wait: a waiter cancelled as the barrier opens leaves it; the batch goes on and the barrier is reusable", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const b = new Barrier(3);
      const t1 = createTask(b.wait());
      const t2 = createTask(b.wait());
      yield* sleep(0);
      expect(String(b)).toBe("<Barrier [filling, waiters:2/3]>");
      const i = yield* b.wait(); // the last arrival opens the barrier without suspending
      t1.cancel();
      yield* sleep(0);
      yield* sleep(0);
      yield* sleep(0);
      // CPython: 2 True 1 filling, waiters:0/3 0
      expect(i).toBe(2);
      expect(t1.cancelled()).toBe(true);
      expect(t2.result()).toBe(1);
      expect(String(b)).toBe("<Barrier [filling, waiters:0/3]>");
      expect(b.nWaiting).toBe(0);
      const fresh = [createTask(b.wait()), createTask(b.wait()), createTask(b.wait())];
      const indexes: number[] = [];
      for (const f of fresh) indexes.push(yield* f);
      expect(indexes.sort()).toEqual([0, 1, 2]);
      expect(String(b)).toBe("<Barrier [filling, waiters:0/3]>");
    });
  });

  it("Barrier.wait: cancelled after another task opened the barrier, in the same iteration", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const b = new Barrier(2);
      const t1 = createTask(b.wait());
      yield* sleep(0);
      expect(String(b)).toBe("<Barrier [filling, waiters:1/2]>");
      const t2 = createTask(b.wait());
      yield* sleep(0); // t2 runs and opens the barrier
      t1.cancel();
      yield* sleep(0);
      yield* sleep(0);
      yield* sleep(0);
      // CPython: True 1 filling, waiters:0/2
      expect(t1.cancelled()).toBe(true);
      expect(t2.result()).toBe(1);
      expect(String(b)).toBe("<Barrier [filling, waiters:0/2]>");
    });
  });
});

describe("cancel racing a wake-up, async-function tasks", () => {
  it("Lock.acquire: a waiter cancelled as the lock is released does not leak it (issue snippet)", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const lock = new Lock();
      await lock.acquire();
      const t = createTask(async () => {
        await lock.acquire();
      });
      await sleep(0);
      expect(String(lock)).toBe("<Lock [locked, waiters:1]>");
      t.cancel();
      lock.release();
      await sleep(0);
      await sleep(0);
      // CPython: True False
      expect(t.cancelled()).toBe(true);
      expect(lock.locked()).toBe(false);
      expect(String(lock)).toBe("<Lock [unlocked]>");
    });
  });

  it("Lock.acquire: the lock a cancelled waiter was handed goes to the next waiter", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const lock = new Lock();
      await lock.acquire();
      const log: string[] = [];
      const f = (name: string) =>
        createTask(async () => {
          await lock.acquire();
          log.push(name);
        });
      const t1 = f("t1");
      const t2 = f("t2");
      await sleep(0);
      expect(String(lock)).toBe("<Lock [locked, waiters:2]>");
      lock.release();
      t1.cancel();
      await sleep(0);
      await sleep(0);
      // CPython: True True ['t2'] True
      expect(t1.cancelled()).toBe(true);
      expect(t2.done()).toBe(true);
      expect(log).toEqual(["t2"]);
      expect(String(lock)).toBe("<Lock [locked]>");
      lock.release();
    });
  });

  it.each([
    ["Semaphore", () => new Semaphore(1)],
    ["BoundedSemaphore", () => new BoundedSemaphore(1)],
  ] as const)("%s.acquire: a waiter cancelled as a permit is released gives the permit back", async (name, make) => {
    await new TestLoop().runUntilComplete(async () => {
      const sem = make();
      await sem.acquire();
      const t = createTask(async () => {
        await sem.acquire();
      });
      await sleep(0);
      expect(String(sem)).toBe(`<${name} [locked, waiters:1]>`);
      sem.release();
      t.cancel();
      await sleep(0);
      await sleep(0);
      // CPython: True False 1
      expect(t.cancelled()).toBe(true);
      expect(sem.locked()).toBe(false);
      expect(String(sem)).toBe(`<${name} [unlocked, value:1]>`);
    });
  });

  it.each([
    ["Semaphore", () => new Semaphore(2), "released"],
    ["BoundedSemaphore", () => new BoundedSemaphore(2), "BoundedSemaphore released too many times"],
  ] as const)("%s.acquire: the permit a cancelled waiter was handed goes to the next waiter, none leaks", async (name, make, extra) => {
    await new TestLoop().runUntilComplete(async () => {
      const sem = make();
      await sem.acquire();
      await sem.acquire();
      const log: string[] = [];
      const f = (n: string) =>
        createTask(async () => {
          await sem.acquire();
          log.push(n);
        });
      const t1 = f("t1");
      f("t2");
      const t3 = f("t3");
      await sleep(0);
      expect(String(sem)).toBe(`<${name} [locked, waiters:3]>`);
      sem.release();
      t1.cancel();
      await sleep(0);
      await sleep(0);
      // CPython: True ['t2'] True False (t3 still waits, no permit free)
      expect(t1.cancelled()).toBe(true);
      expect(log).toEqual(["t2"]);
      expect(sem.locked()).toBe(true);
      expect(t3.done()).toBe(false);
      sem.release();
      await sleep(0);
      await sleep(0);
      expect(log).toEqual(["t2", "t3"]);
      // t2 and t3 give theirs back: exactly the initial two permits, none leaked or lost.
      sem.release();
      sem.release();
      expect(String(sem)).toBe(`<${name} [unlocked, value:2]>`);
      let third = "released";
      try {
        sem.release();
      } catch (e) {
        third = (e as Error).message;
      }
      expect(third).toBe(extra);
    });
  });

  it("Event.wait: a waiter cancelled as the event is set ends cancelled; the others are woken", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const ev = new Event();
      const t1 = createTask(async () => await ev.wait());
      const t2 = createTask(async () => await ev.wait());
      await sleep(0);
      expect(String(ev)).toBe("<Event [unset, waiters:2]>");
      ev.set();
      t1.cancel();
      await sleep(0);
      await sleep(0);
      // CPython: True True True 0
      expect(t1.cancelled()).toBe(true);
      expect(t2.result()).toBe(true);
      expect(ev.isSet()).toBe(true);
      expect(String(ev)).toBe("<Event [set]>");
    });
  });

  it("Condition.wait: a waiter cancelled as it is notified re-acquires the lock before the CancelledError propagates", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const cond = new Condition();
      const seen: string[] = [];
      const t = createTask(async () => {
        await cond.use(async () => {
          try {
            await cond.wait();
            seen.push("returned");
          } catch (e) {
            seen.push(`${(e as Error).name}, locked=${cond.locked()}`);
            throw e;
          }
        });
      });
      await sleep(0);
      expect(String(cond)).toBe("<Condition [unlocked, waiters:1]>");
      await cond.use(async () => {
        cond.notify(1);
        t.cancel();
        await sleep(0);
        await sleep(0);
        // CPython: [] False 0 (t waits for the lock we hold; the error is not out yet)
        expect(seen).toEqual([]);
        expect(t.done()).toBe(false);
        expect(String(cond)).toBe("<Condition [locked]>");
      });
      await sleep(0);
      await sleep(0);
      // CPython: [('cancelled, locked', True)] True False
      expect(seen).toEqual(["CancelledError, locked=true"]);
      expect(t.cancelled()).toBe(true);
      expect(cond.locked()).toBe(false);
    });
  });

  it.each([false, true])(
    "Condition: a notify(1) consumed by a cancelled waiter is passed on (CPython test_cancelled_wakeup, relock=%s)",
    async (relock) => {
      await new TestLoop().runUntilComplete(async () => {
        const cond = new Condition();
        let state = 0;
        const consumer = () =>
          createTask(async () => {
            await cond.use(async () => {
              for (;;) {
                await cond.waitFor(() => state !== 0);
                if (state < 0) return;
                state--;
              }
            });
          });
        const c = [consumer(), consumer()];
        await sleep(0);
        expect(String(cond)).toBe("<Condition [unlocked, waiters:2]>");
        let timedOut = false;
        let after = NaN;
        await cond.use(async () => {
          state++;
          cond.notify(1);
          // relock: c[0] wakes and settles on re-acquiring the lock; it is cancelled there.
          if (relock) await sleep(0);
          c[0]!.cancel();
          try {
            await waitFor(cond.waitFor(() => state === 0), 0.1);
          } catch (e) {
            if (!(e instanceof TimeoutError)) throw e;
            timedOut = true;
          }
          after = state;
          state = -1;
          cond.notifyAll();
        });
        await c[1]!;
        // CPython: 0 True True True False
        expect(after).toBe(0);
        expect(timedOut).toBe(true);
        expect(c[0]!.cancelled()).toBe(true);
        expect(c[1]!.done()).toBe(true);
        expect(cond.locked()).toBe(false);
      });
    },
  );

  it("Barrier.wait: a waiter cancelled as the barrier opens leaves it; the batch goes on and the barrier is reusable", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const b = new Barrier(3);
      const t1 = createTask(async () => await b.wait());
      const t2 = createTask(async () => await b.wait());
      await sleep(0);
      expect(String(b)).toBe("<Barrier [filling, waiters:2/3]>");
      const i = await b.wait(); // the last arrival opens the barrier without suspending
      t1.cancel();
      await sleep(0);
      await sleep(0);
      await sleep(0);
      // CPython: 2 True 1 filling, waiters:0/3 0
      expect(i).toBe(2);
      expect(t1.cancelled()).toBe(true);
      expect(t2.result()).toBe(1);
      expect(String(b)).toBe("<Barrier [filling, waiters:0/3]>");
      expect(b.nWaiting).toBe(0);
      const fresh = [0, 1, 2].map(() => createTask(async () => await b.wait()));
      const indexes: number[] = [];
      for (const f of fresh) indexes.push(await f);
      expect(indexes.sort()).toEqual([0, 1, 2]);
      expect(String(b)).toBe("<Barrier [filling, waiters:0/3]>");
    });
  });

  it("Barrier.wait: cancelled after another task opened the barrier, in the same iteration", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const b = new Barrier(2);
      const t1 = createTask(async () => await b.wait());
      await sleep(0);
      expect(String(b)).toBe("<Barrier [filling, waiters:1/2]>");
      const t2 = createTask(async () => await b.wait());
      await sleep(0); // t2 runs and opens the barrier
      t1.cancel();
      await sleep(0);
      await sleep(0);
      await sleep(0);
      // CPython: True 1 filling, waiters:0/2
      expect(t1.cancelled()).toBe(true);
      expect(t2.result()).toBe(1);
      expect(String(b)).toBe("<Barrier [filling, waiters:0/2]>");
    });
  });
});
