import { describe, expect, it } from "vitest";
import { CancelledError, getRunningLoop, setEventLoop, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, allTasks, createTask } from "@aio/task";
import { gather, sleep } from "@aio/combinators";
import { Boom, STYLES, errorOf, run, setup } from "./helpers.js";

/** Counts loop iterations from now on: `ticks()` is how many have started since. */
function iterationCounter(): () => number {
  const loop = getRunningLoop();
  let n = 0;
  const tick = (): void => {
    n++;
    if (n < 100) loop.callSoon(tick);
  };
  loop.callSoon(tick);
  return () => n;
}

function* child<T>(value: T, delay: number, log?: (...a: unknown[]) => void): Coroutine<T> {
  try {
    yield* sleep(delay);
  } catch (e) {
    log?.("child cancelled", value, (e as Error).message);
    throw e;
  }
  log?.("child done", value);
  return value;
}

function* failing(delay: number, message: string): Coroutine<never> {
  yield* sleep(delay);
  throw new Boom(message);
}

describe("gather()", () => {
  it("resolves to the results in argument order, not completion order (generator)", async () => {
    const { loop, events, log } = setup();
    const r = await run(function* () {
      const a = createTask(child("a", 3, log));
      const b = createTask(child(2, 1, log));
      const c = createTask(child(true, 2, log));
      return yield* gather([a, b, c]);
    }, loop);
    expect(r).toEqual(["a", 2, true]);
    expect(events.map((e) => e[2])).toEqual([2, true, "a"]);
    expect(loop.time()).toBe(3);
  });

  it("resolves to the results in argument order (async)", async () => {
    const r = await run(async () => {
      const a = createTask(async () => {
        await sleep(2);
        return "a";
      });
      const b = createTask(async () => {
        await sleep(1);
        return 1;
      });
      return await gather([a, b, sleep(0.5, "s")]);
    });
    expect(r).toEqual(["a", 1, "s"]);
  });

  it("wraps coroutines, coroutine functions and promises in tasks", async () => {
    const r = await run(function* () {
      return yield* gather([
        child("gen", 1),
        function* () {
          yield* sleep(1);
          return "genfn";
        },
        async () => {
          await sleep(1);
          return "asyncfn";
        },
        Promise.resolve("promise"),
      ]);
    });
    expect(r).toEqual(["gen", "genfn", "asyncfn", "promise"]);
  });

  it("finishes two iterations after its last child, as in CPython", async () => {
    // CPython 3.13: children run in iteration 1; gather's callbacks in 2; the awaiting task in 3.
    for (const style of ["generator", "async"]) {
      const seen = await run(
        style === "generator"
          ? function* () {
              const ticks = iterationCounter();
              const at: number[] = [];
              const mk = (i: number) =>
                createTask(function* () {
                  at.push(ticks());
                  return i;
                });
              const r = yield* gather([mk(1), mk(2)]);
              return [r, at, ticks()];
            }
          : async () => {
              const ticks = iterationCounter();
              const at: number[] = [];
              const mk = (i: number) =>
                createTask(async () => {
                  at.push(ticks());
                  return i;
                });
              const r = await gather([mk(1), mk(2)]);
              return [r, at, ticks()];
            },
      );
      expect(seen, style).toEqual([[1, 2], [1, 1], 3]);
    }
  });

  it("resolves to [] for no awaitables, already done", async () => {
    await run(function* () {
      const g = gather([]);
      expect(g.done()).toBe(true);
      expect(g.result()).toEqual([]);
      expect(yield* g).toEqual([]);
    });
    expect(await run(async () => await gather([]))).toEqual([]);
  });

  // CPython: gather() makes the tasks of its coroutines with ensure_future, which outside a
  // running loop uses get_event_loop() — the loop set with set_event_loop (as for gather()).
  it.each(STYLES)("outside a running loop, makes the %s coroutines' tasks on the loop set with setEventLoop", async (style) => {
    const loop = new TestLoop();
    const work =
      style === "async"
        ? (x: number) => async () => {
            await sleep(x);
            return x * 2;
          }
        : (x: number) => child(x * 2, x);
    setEventLoop(loop);
    try {
      const g = gather([work(1), work(2)]);
      expect(g.getLoop()).toBe(loop);
      expect(allTasks(loop).size).toBe(2);
      expect(gather([]).getLoop()).toBe(loop);
      expect(await loop.runUntilComplete(g)).toEqual([2, 4]);
      expect(loop.time()).toBe(2);
    } finally {
      setEventLoop(null);
    }
    expect(() => gather([sleep(1)])).toThrow(/There is no current event loop/);
  });

  it("is done on return when every child was already done", async () => {
    await run(function* () {
      const f = new Future<number>();
      f.setResult(1);
      const g = gather([f, f, f]);
      expect(g.done()).toBe(true);
      expect(g.result()).toEqual([1, 1, 1]);
      yield* sleep(0);
    });
  });

  it("awaits a repeated argument once and repeats its result", async () => {
    let runs = 0;
    const r = await run(function* () {
      const t = createTask(child("t", 1));
      const c = (function* () {
        runs++;
        return "c";
      })();
      const g = gather([t, t, c, c, t]);
      return yield* g;
    });
    expect(r).toEqual(["t", "t", "c", "c", "t"]);
    expect(runs).toBe(1);
  });

  it("fails at once with the first error and leaves the other children running", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const slow = createTask(child("slow", 2, log));
      try {
        yield* gather([createTask(failing(1, "first")), slow, createTask(failing(1.5, "second"))]);
      } catch (e) {
        log("caught", errorOf(e), slow.done());
      }
      log("slow", yield* slow);
    }, loop);
    expect(events).toEqual([
      [1, "caught", "!Boom:first", false],
      [2, "child done", "slow"],
      [2, "slow", "slow"],
    ]);
  });

  it("fails at once with the first error (async)", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      const slow = createTask(child("slow", 2, log));
      try {
        await gather([slow, failing(1, "first")]);
      } catch (e) {
        log("caught", errorOf(e), slow.done());
      }
      log("slow", await slow);
    }, loop);
    expect(events).toEqual([
      [1, "caught", "!Boom:first", false],
      [2, "child done", "slow"],
      [2, "slow", "slow"],
    ]);
  });

  it("puts errors and cancellations in the results with returnExceptions", async () => {
    const r = await run(function* () {
      const t3 = createTask(child("a", 1));
      getRunningLoop().callLater(0.5, () => t3.cancel("m3"));
      return yield* gather([t3, child("b", 2), failing(1, "x")], { returnExceptions: true });
    });
    expect(r[0]).toBeInstanceOf(CancelledError);
    expect((r[0] as Error).message).toBe(""); // CPython: the task's own cancel message is not kept
    expect(r[1]).toBe("b");
    expect(r[2]).toBeInstanceOf(Boom);
  });

  it("fails with CancelledError when a child is cancelled on its own, without cancelling siblings", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const t1 = createTask(child("a", 1));
      const t2 = createTask(child("b", 2));
      loop.callLater(0.5, () => t1.cancel("m1"));
      const g = gather([t1, t2]);
      try {
        yield* g;
      } catch (e) {
        log("raised", errorOf(e), g.cancelled(), t2.done());
      }
      log("t2", yield* t2);
    }, loop);
    expect(events).toEqual([
      [0.5, "raised", "!CancelledError:m1", false, false],
      [2, "t2", "b"],
    ]);
  });
});

describe("gather().cancel()", () => {
  it("cancels the children; the gather then fails with CancelledError but is not cancelled()", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const g = gather([child(1, 1, log), child(2, 2, log)]);
      yield* sleep(0);
      log("cancel", g.cancel("why"));
      try {
        yield* g;
      } catch (e) {
        log("raised", errorOf(e), g.cancelled(), (g.exception() as Error).name);
      }
      log("cancel again", g.cancel());
    }, loop);
    expect(events).toEqual([
      [0, "cancel", true],
      [0, "child cancelled", 1, "why"],
      [0, "child cancelled", 2, "why"],
      [0, "raised", "!CancelledError:why", false, "CancelledError"],
      [0, "cancel again", false],
    ]);
  });

  it("still fails with CancelledError when returnExceptions is set", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      const g = gather([sleep(1), sleep(2)], { returnExceptions: true });
      await sleep(0);
      await sleep(0);
      g.cancel();
      try {
        log("res", await g);
      } catch (e) {
        log("raised", (e as Error).name, g.cancelled());
      }
    }, loop);
    expect(events).toEqual([[0, "raised", "CancelledError", false]]);
  });

  it.each(["generator", "async"])("is what cancelling the %s task awaiting the gather does", async (style) => {
    const { loop, events, log } = setup();
    await run(function* () {
      const w =
        style === "generator"
          ? createTask(function* () {
              return yield* gather([child(1, 1, log), child(2, 2, log)]);
            })
          : createTask(async () => await gather([child(1, 1, log), child(2, 2, log)]));
      yield* sleep(0);
      yield* sleep(0);
      w.cancel();
      try {
        yield* w;
      } catch (e) {
        log("w", (e as Error).name, w.cancelled());
      }
    }, loop);
    expect(events).toEqual([
      [0, "child cancelled", 1, ""],
      [0, "child cancelled", 2, ""],
      [0, "w", "CancelledError", true],
    ]);
  });

  it("returns false and cancels nothing once the gather is done", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const second = createTask(failing(2, "second"));
      const g = gather([createTask(failing(1, "first")), second]);
      try {
        yield* g;
      } catch (e) {
        log("first", errorOf(e));
      }
      log("cancel after done", g.cancel(), second.done());
      yield* sleep(3);
      log("second", errorOf(second.exception()));
    }, loop);
    expect(events).toEqual([
      [1, "first", "!Boom:first"],
      [1, "cancel after done", false, false],
      [4, "second", "!Boom:second"],
    ]);
  });

  it("returns false when every child is already done", async () => {
    await run(function* () {
      const t = createTask(function* () {
        return 1;
      });
      const g = gather([t]);
      yield* sleep(0); // t finishes; gather's callback is still pending
      expect(t.done()).toBe(true);
      expect(g.done()).toBe(false);
      expect(g.cancel()).toBe(false);
      expect(yield* g).toEqual([1]);
    });
  });
});

describe("gather() argument checks and scale", () => {
  it("refuses a single awaitable, non-awaitables and children of different loops", async () => {
    await run(function* () {
      const t = createTask(child(1, 0));
      expect(() => gather(t as never)).toThrow(/gather\(aws\): expected an array/);
      expect(() => gather(child(1, 0) as never)).toThrow(TypeError);
      expect(() => gather([42 as never])).toThrow(TypeError);
      const other = new Future({ loop: new TestLoop() });
      expect(() => gather([t, other])).toThrow(RangeError);
      yield* t;
    });
  });

  it("does not report the tasks it made as destroyed while pending", async () => {
    await run(function* () {
      const g = gather([child(1, 0)]);
      const [t] = (g as unknown as { _children: Task<unknown>[] })._children;
      expect(t!._logDestroyPending).toBe(false);
      yield* g;
    });
  });

  it("gathers 20,000 tasks in argument order", async () => {
    const n = 20_000;
    const r = await run(function* () {
      const tasks: Task<number>[] = [];
      for (let i = 0; i < n; i++)
        tasks.push(
          createTask(function* () {
            yield* sleep((n - i) % 7);
            return i;
          }),
        );
      return yield* gather(tasks);
    });
    expect(r.length).toBe(n);
    expect(r.every((v, i) => v === i)).toBe(true);
  });
});
