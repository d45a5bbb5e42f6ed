import { describe, expect, it, vi } from "vitest";
import { CancelledError, getRunningLoop, type Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { createTask, currentTask } from "@aio/task";
import { sleep } from "@aio/combinators";
import { STYLES, run, setup, type CoroutineFn } from "./helpers.js";

describe("sleep(0)", () => {
  it("is one bare yield for a generator coroutine: no timer, no future", async () => {
    const loop = new TestLoop();
    const callLater = vi.spyOn(loop, "callLater");
    const callAt = vi.spyOn(loop, "callAt");
    const createFuture = vi.spyOn(loop, "createFuture");
    const it0 = sleep(0)[Symbol.iterator]();
    expect(it0.next()).toEqual({ done: false, value: undefined });
    expect(it0.next()).toEqual({ done: true, value: undefined });
    await run(function* () {
      yield* sleep(0);
      yield* sleep(-5);
    }, loop);
    expect(callLater).not.toHaveBeenCalled();
    expect(callAt).not.toHaveBeenCalled();
    expect(createFuture).not.toHaveBeenCalled();
    expect(loop.time()).toBe(0);
  });

  it("lets every other ready task run once, in FIFO order (generator tasks)", async () => {
    const { loop, events, log } = setup();
    function* worker(name: string): Coroutine<void> {
      log(name, 1);
      yield* sleep(0);
      log(name, 2);
      yield* sleep(0);
      log(name, 3);
    }
    await run(function* () {
      const a = createTask(worker("a"));
      const b = createTask(worker("b"));
      yield* a;
      yield* b;
    }, loop);
    expect(events.map((e) => `${e[1]}${e[2]}`)).toEqual(["a1", "b1", "a2", "b2", "a3", "b3"]);
  });

  it("resolves to `result`, also for a negative delay", async () => {
    expect(await run(function* () {
      return [yield* sleep(0, "x"), yield* sleep(-1, 7)];
    })).toEqual(["x", 7]);
    expect(await run(async () => [await sleep(0, "x"), await sleep(-1, 7)])).toEqual(["x", 7]);
  });

  it("takes exactly one loop iteration in an async function", async () => {
    const loop = new TestLoop();
    const counts = await run(async () => {
      let ticks = 0;
      const tick = (): void => {
        ticks++;
        if (ticks < 10) getRunningLoop().callSoon(tick);
      };
      getRunningLoop().callSoon(tick);
      const before = ticks;
      await sleep(0);
      const after1 = ticks;
      await sleep(0);
      return [before, after1, ticks];
    }, loop);
    expect(counts).toEqual([0, 1, 2]);
  });

  it("is a cancellation point for a generator task", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const t = createTask(function* () {
        try {
          yield* sleep(0);
          log("not reached");
        } catch (e) {
          log("caught", (e as Error).name, (e as Error).message);
          throw e;
        }
      });
      yield* sleep(0); // t is now at its bare yield
      t.cancel("stop");
      yield* sleep(0);
      yield* sleep(0);
      log("t", t.cancelled());
    }, loop);
    expect(events).toEqual([
      [0, "caught", "CancelledError", "stop"],
      [0, "t", true],
    ]);
  });

  it("in an async function, sleep(0) gives up exactly one iteration, as in a generator (CPython's order)", async () => {
    for (const style of ["generator", "async"] as const) {
      const { loop, events, log } = setup();
      const body =
        style === "async"
          ? async () => {
              await sleep(0);
              log("after first sleep(0)");
              try {
                await sleep(0);
              } catch (e) {
                log("caught", (e as Error).name);
                throw e;
              }
            }
          : function* () {
              yield* sleep(0);
              log("after first sleep(0)");
              try {
                yield* sleep(0);
              } catch (e) {
                log("caught", (e as Error).name);
                throw e;
              }
            };
      await run(function* () {
        const t = createTask(body);
        yield* sleep(0); // iteration 2: t's first step (its first sleep(0)), then this one
        yield* sleep(0); // iteration 3: t resumes and suspends at its second sleep(0), then this one
        t.cancel(); // lands at t's second sleep(0)
        try {
          yield* t;
        } catch (e) {
          log("t", (e as Error).name, t.cancelled());
        }
      }, loop);
      expect(events, style).toEqual([
        [0, "after first sleep(0)"],
        [0, "caught", "CancelledError"],
        [0, "t", "CancelledError", true],
      ]);
    }
  });
});

describe("sleep() and a cancel that comes after it finished, before the task resumed", () => {
  // Actors: task t sleeps; the cancel comes after t's sleep is over but before t has resumed (for
  // sleep(1), a timer right behind the sleep's own; for sleep(0), the parent, before t's next
  // step). CPython: the cancel lands at that very sleep and its value is dropped; the same here
  // in both styles (checked against CPython 3.13 with the same actors).
  it.each(STYLES)("lands at that sleep, which throws CancelledError (%s)", async (style) => {
    const { loop, events, log } = setup();
    const sleeper = (delay: number): CoroutineFn<void> =>
      style === "async"
        ? async () => {
            try {
              await sleep(delay);
              log(`sleep(${delay}) returned`);
            } catch (e) {
              log(`cancelled at sleep(${delay})`);
              throw e;
            }
          }
        : function* () {
            try {
              yield* sleep(delay);
              log(`sleep(${delay}) returned`);
            } catch (e) {
              log(`cancelled at sleep(${delay})`);
              throw e;
            }
          };
    await run(function* () {
      let t = createTask(sleeper(1));
      yield* sleep(0); // t's first step: its sleep(1) timer is armed
      loop.callLater(1, () => t.cancel()); // runs at 1, right after the sleep's timer
      try {
        yield* t;
      } catch {
        log("t cancelled", t.cancelled());
      }
      t = createTask(sleeper(0));
      yield* sleep(0); // t's first step: it is at its sleep(0)
      t.cancel(); // before t resumes
      try {
        yield* t;
      } catch {
        log("t cancelled", t.cancelled());
      }
    }, loop);
    expect(events).toEqual([
      [1, "cancelled at sleep(1)"],
      [1, "t cancelled", true],
      [1, "cancelled at sleep(0)"],
      [1, "t cancelled", true],
    ]);
  });
});

describe("sleep(delay)", () => {
  it("resumes after `delay` seconds of loop time with `result` (generator)", async () => {
    const { loop, events, log } = setup();
    const r = await run(function* () {
      const v = yield* sleep(1.5, "late");
      log("woke", v);
      yield* sleep(2);
      return "end";
    }, loop);
    expect(r).toBe("end");
    expect(events).toEqual([[1.5, "woke", "late"]]);
    expect(loop.time()).toBe(3.5);
  });

  it("resumes after `delay` seconds of loop time with `result` (async)", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      log("woke", await sleep(0.25, { a: 1 }));
      await sleep(1);
      log("woke again");
    }, loop);
    expect(events).toEqual([
      [0.25, "woke", { a: 1 }],
      [1.25, "woke again"],
    ]);
  });

  it("orders sleepers by deadline, equal deadlines first-come first-served", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const mk = (name: string, d: number) =>
        createTask(function* () {
          yield* sleep(d);
          log(name);
        });
      const ts = [mk("c", 2), mk("a", 1), mk("b", 1), mk("d", 2)];
      for (const t of ts) yield* t;
    }, loop);
    expect(events).toEqual([[1, "a"], [1, "b"], [2, "c"], [2, "d"]]);
  });

  it("starts its timer when awaited, not when called (it is lazy, like a coroutine)", async () => {
    const { loop } = setup();
    await run(function* () {
      const s = sleep(1);
      yield* sleep(5);
      yield* s;
    }, loop);
    expect(loop.time()).toBe(6);
  });

  it.each(["generator", "async"])("cancels its timer when the sleeping %s task is cancelled", async (style) => {
    const loop = new TestLoop();
    const callLater = vi.spyOn(loop, "callLater");
    const caught: unknown[] = [];
    await run(function* () {
      const t =
        style === "generator"
          ? createTask(function* () {
              try {
                yield* sleep(100);
              } catch (e) {
                caught.push(e);
                throw e;
              }
            })
          : createTask(async () => {
              try {
                await sleep(100);
              } catch (e) {
                caught.push(e);
                throw e;
              }
            });
      yield* sleep(0); // t's first step: it is at its sleep(100), whose timer is armed
      expect(callLater).toHaveBeenCalledTimes(1);
      const timer = callLater.mock.results[0]!.value as { cancelled(): boolean };
      expect(timer.cancelled()).toBe(false);
      t.cancel("enough");
      yield* sleep(0);
      yield* sleep(0);
      expect(timer.cancelled()).toBe(true);
      expect(t.cancelled()).toBe(true);
    }, loop);
    expect(caught).toHaveLength(1);
    expect(caught[0]).toBeInstanceOf(CancelledError);
    expect((caught[0] as Error).message).toBe("enough");
    expect(loop.time()).toBe(0);
  });

  it("sleeps until cancelled with Infinity", async () => {
    const { loop } = setup();
    await run(function* () {
      const t = createTask(sleep(Infinity));
      loop.callLater(3, () => t.cancel());
      try {
        yield* t;
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
    }, loop);
    expect(loop.time()).toBe(3);
  });

  it("can be given to createTask, which runs it as a coroutine", async () => {
    expect(await run(function* () {
      const t = createTask(sleep(2, "v"));
      return [yield* t, getRunningLoop().time()];
    })).toEqual(["v", 2]);
  });

  it("runs in the task that awaits it", async () => {
    await run(function* () {
      const me = currentTask();
      const t = createTask(function* () {
        yield* sleep(1);
        return currentTask();
      });
      expect(yield* t).toBe(t);
      expect(currentTask()).toBe(me);
    });
  });
});

describe("sleep() argument checks", () => {
  it("throws RangeError for NaN, TypeError for non-numbers, before anything starts", () => {
    expect(() => sleep(NaN)).toThrow(RangeError);
    expect(() => sleep(NaN)).toThrow(/sleep\(delay\).*NaN/);
    expect(() => sleep("1" as never)).toThrow(TypeError);
    expect(() => sleep(null as never)).toThrow(/sleep\(delay\): expected a number of seconds, got null/);
    expect(() => sleep(undefined as never)).toThrow(TypeError);
  });

  it("refuses to be awaited twice", async () => {
    await run(function* () {
      const s = sleep(1);
      yield* s;
      expect(() => {
        const it = s[Symbol.iterator]();
        it.next();
      }).toThrow(/cannot reuse sleep\(1\)/);
      const z = sleep(0);
      yield* z;
      expect(() => z[Symbol.iterator]().next()).toThrow(/cannot reuse sleep\(0\)/);
    });
    await run(async () => {
      const s = sleep(1);
      await s;
      await expect(Promise.resolve(s)).resolves.toBeUndefined(); // a second then() shares the first run
      const z = sleep(0);
      await z;
      await expect(async () => await z).rejects.toThrow(/cannot reuse sleep\(0\)/);
    });
  });

  it("can be created outside a loop; awaiting it outside a loop fails", async () => {
    const s = sleep(1);
    await expect(async () => await s).rejects.toThrow(/no running event loop/);
    await expect(async () => await sleep(0)).rejects.toThrow(/no running event loop/);
  });
});
