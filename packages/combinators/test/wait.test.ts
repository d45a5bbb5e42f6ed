import { describe, expect, it } from "vitest";
import { getRunningLoop, type Coroutine, type FutureLike } from "@aio/core";
import { Future } from "@aio/future";
import { createTask } from "@aio/task";
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, sleep, wait } from "@aio/combinators";
import { Boom, run, setup } from "./helpers.js";

function* failing(delay: number): Coroutine<never> {
  yield* sleep(delay);
  throw new Boom("x");
}

const names = (s: Set<{ getName(): string }>): string[] => [...s].map((t) => t.getName()).sort();

describe("wait()", () => {
  it("exports the three returnWhen constants as strings", () => {
    expect([FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED]).toEqual(["FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"]);
  });

  it("waits for all by default and returns [done, pending] sets (generator)", async () => {
    const { loop } = setup();
    const r = await run(function* () {
      const a = createTask(sleep(1, "a"), { name: "a" });
      const b = createTask(sleep(2, "b"), { name: "b" });
      const [done, pending] = yield* wait([a, b]);
      return [names(done), names(pending), a.result(), b.result()];
    }, loop);
    expect(r).toEqual([["a", "b"], [], "a", "b"]);
    expect(loop.time()).toBe(2);
  });

  it("returns after the first completion with FIRST_COMPLETED; `done` holds all finished by then (async)", async () => {
    const { loop } = setup();
    const r = await run(async () => {
      const a = createTask(sleep(1, "a"), { name: "a" });
      const b = createTask(sleep(1, "b"), { name: "b" });
      const c = createTask(sleep(2, "c"), { name: "c" });
      const [done, pending] = await wait([a, b, c], { returnWhen: FIRST_COMPLETED });
      c.cancel();
      return [names(done), names(pending)];
    }, loop);
    expect(r).toEqual([["a", "b"], ["c"]]);
    expect(loop.time()).toBe(1);
  });

  it("returns at the first error with FIRST_EXCEPTION; a cancellation does not count", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const a = createTask(sleep(1), { name: "a" });
      loop.callLater(0.5, () => a.cancel());
      const b = createTask(failing(2), { name: "b" });
      const c = createTask(sleep(3), { name: "c" });
      let [done, pending] = yield* wait([a, b, c], { returnWhen: FIRST_EXCEPTION });
      log(names(done), names(pending));
      [done, pending] = yield* wait([c], { returnWhen: FIRST_EXCEPTION });
      log(names(done), names(pending));
    }, loop);
    expect(events).toEqual([
      [2, ["a", "b"], ["c"]],
      [3, ["c"], []],
    ]);
  });

  it("returns with the unfinished ones in `pending` at the timeout, without throwing", async () => {
    for (const style of ["generator", "async"]) {
      const { loop } = setup();
      const r = await run(
        style === "generator"
          ? function* () {
              const a = createTask(sleep(5));
              const [done, pending] = yield* wait([a], { timeout: 1 });
              a.cancel();
              return [done.size, pending.has(a), a.done()];
            }
          : async () => {
              const a = createTask(sleep(5));
              const [done, pending] = await wait([a], { timeout: 1 });
              a.cancel();
              return [done.size, pending.has(a), a.done()];
            },
        loop,
      );
      expect(r, style).toEqual([0, true, false]);
      expect(loop.time(), style).toBe(1);
    }
  });

  it("takes two iterations when every future is already done, as in CPython", async () => {
    const r = await run(function* () {
      const loop = getRunningLoop();
      const f = new Future<number>();
      f.setResult(1);
      let ticks = 0;
      const tick = (): void => {
        if (++ticks < 20) loop.callSoon(tick);
      };
      loop.callSoon(tick);
      const [done] = yield* wait([f]);
      return [done.has(f), ticks];
    });
    expect(r).toEqual([true, 2]);
  });

  it("counts a repeated future once", async () => {
    const r = await run(function* () {
      const a = createTask(sleep(1));
      const [done, pending] = yield* wait([a, a, a]);
      return [done.size, pending.size];
    });
    expect(r).toEqual([1, 0]);
  });

  it("accepts any iterable of futures, e.g. a Set", async () => {
    const r = await run(function* () {
      const fs = new Set<FutureLike<unknown>>([createTask(sleep(1)), createTask(sleep(2))]);
      const [done] = yield* wait(fs);
      return done.size;
    });
    expect(r).toBe(2);
  });

  it.each(["generator", "async"])("does not cancel the futures when the waiting %s task is cancelled", async (style) => {
    const { loop, events, log } = setup();
    await run(function* () {
      const a = createTask(sleep(5, "a"));
      const w =
        style === "generator"
          ? createTask(function* () {
              return yield* wait([a]);
            })
          : createTask(async () => await wait([a]));
      yield* sleep(1);
      w.cancel();
      try {
        yield* w;
      } catch (e) {
        log("w", (e as Error).name, a.done());
      }
      log("a", yield* a);
      // wait() removed its callback from `a` when it was cancelled
      expect((a as unknown as { _cb0: unknown; _cbs: unknown })._cb0).toBe(null);
    }, loop);
    expect(events).toEqual([
      [1, "w", "CancelledError", false],
      [5, "a", "a"],
    ]);
  });

  it("waits for 20,000 tasks with FIRST_COMPLETED, then for the rest", async () => {
    const n = 20_000;
    const r = await run(function* () {
      const ts = Array.from({ length: n }, (_, i) => createTask(sleep(1 + (i % 3), i)));
      const [done, pending] = yield* wait(ts, { returnWhen: FIRST_COMPLETED });
      const [done2] = yield* wait(pending);
      return [done.size, pending.size, done2.size, getRunningLoop().time()];
    });
    expect(r).toEqual([Math.ceil(n / 3), n - Math.ceil(n / 3), n - Math.ceil(n / 3), 3]);
  });

  it("does nothing until awaited", async () => {
    const { loop } = setup();
    await run(function* () {
      const a = createTask(sleep(1));
      const w = wait([a], { timeout: 10 });
      yield* sleep(3);
      const [done] = yield* w;
      expect(done.has(a)).toBe(true);
    }, loop);
    expect(loop.time()).toBe(3);
  });
});

describe("wait() argument checks", () => {
  it("refuses coroutines with a TypeError that says to wrap them in tasks", async () => {
    await run(function* () {
      expect(() => wait([sleep(1) as never])).toThrow(TypeError);
      expect(() => wait([sleep(1) as never])).toThrow(/passing coroutines is forbidden, wrap each one in a task with createTask\(\)/);
      expect(() => wait([(async () => 1) as never])).toThrow(/createTask/);
      yield* sleep(0);
    });
  });

  it("refuses a single future, an empty collection, a bad returnWhen and a NaN timeout", async () => {
    await run(function* () {
      const a = createTask(sleep(0));
      expect(() => wait(a as never)).toThrow(/expected an array \(or iterable\) of awaitables, got a single awaitable/);
      expect(() => wait([])).toThrow(RangeError);
      expect(() => wait([])).toThrow(/empty/);
      expect(() => wait([a], { returnWhen: "FIRST" as never })).toThrow(RangeError);
      expect(() => wait([a], { timeout: NaN })).toThrow(RangeError);
      expect(() => wait([a], { timeout: "1" as never })).toThrow(TypeError);
      expect(() => wait([Promise.resolve(1) as never])).toThrow(/expected futures or tasks/);
      yield* a;
    });
  });
});
