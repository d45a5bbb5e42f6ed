import { describe, expect, it } from "vitest";
import { CancelledError, setEventLoop } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { Future } from "@aio/future";
import { allTasks, createTask } from "@aio/task";
import { shield, sleep } from "@aio/combinators";
import { Boom, STYLES, run, setup, type CoroutineFn } from "./helpers.js";

describe("shield()", () => {
  it("leaves the inner task running when the outer future is cancelled", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const t = createTask(function* () {
        yield* sleep(2);
        log("inner done");
        return 1;
      });
      const o = shield(t);
      yield* sleep(1);
      o.cancel();
      try {
        yield* o;
      } catch (e) {
        log("outer cancelled", (e as Error).name, t.done());
      }
      log("inner", yield* t);
    }, loop);
    expect(events).toEqual([
      [1, "outer cancelled", "CancelledError", false],
      [2, "inner done"],
      [2, "inner", 1],
    ]);
  });

  it.each(["generator", "async"])("keeps the inner task running when the awaiting %s task is cancelled", async (style) => {
    const { loop, events, log } = setup();
    await run(function* () {
      const t3 = createTask(sleep(2, "t3"));
      const w =
        style === "generator"
          ? createTask(function* () {
              return yield* shield(t3);
            })
          : createTask(async () => await shield(t3));
      yield* sleep(1);
      w.cancel();
      try {
        yield* w;
      } catch (e) {
        log("w", (e as Error).name, w.cancelled(), t3.done());
      }
      log("t3", yield* t3);
    }, loop);
    expect(events).toEqual([
      [1, "w", "CancelledError", true, false],
      [2, "t3", "t3"],
    ]);
  });

  it("cancels the outer future when the inner one is cancelled", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const t = createTask(sleep(5));
      const o = shield(t);
      yield* sleep(0);
      t.cancel();
      try {
        yield* o;
      } catch (e) {
        log("outer", e instanceof CancelledError, o.cancelled());
      }
    }, loop);
    expect(events).toEqual([[0, "outer", true, true]]);
  });

  it("passes the inner result or error to the outer future (both styles)", async () => {
    const r = await run(async () => {
      const ok = await shield(createTask(sleep(1, "v")));
      let err: unknown = null;
      try {
        await shield(
          createTask(function* () {
            yield* sleep(1);
            throw new Boom("inner");
          }),
        );
      } catch (e) {
        err = e;
      }
      return [ok, err instanceof Boom];
    });
    expect(r).toEqual(["v", true]);
  });

  it("returns an inner future that is already done as it is", async () => {
    await run(function* () {
      const f = new Future<number>();
      f.setResult(3);
      expect(shield(f)).toBe(f);
      yield* sleep(0);
    });
  });

  it("wraps a coroutine in a task at once", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const o = shield(
        (function* () {
          log("started");
          yield* sleep(1);
          log("finished");
          return 2;
        })(),
      );
      yield* sleep(0);
      o.cancel();
      yield* sleep(2);
    }, loop);
    expect(events).toEqual([
      [0, "started"],
      [1, "finished"],
    ]);
  });

  it("refuses what is not awaitable", () => {
    expect(() => shield(3 as never)).toThrow(TypeError);
  });

  // CPython: shield(coro) makes its task with ensure_future, which outside a running loop uses
  // get_event_loop() — the loop set with set_event_loop.
  it.each(STYLES)("outside a running loop, makes the %s coroutine's task on the loop set with setEventLoop", async (style) => {
    const loop = new TestLoop();
    const work: CoroutineFn<number> =
      style === "async"
        ? async () => {
            await sleep(1);
            return 2;
          }
        : function* () {
            yield* sleep(1);
            return 2;
          };
    setEventLoop(loop);
    try {
      const outer = shield(style === "async" ? work : work());
      expect(outer.getLoop()).toBe(loop);
      expect(allTasks(loop).size).toBe(1);
      expect(await loop.runUntilComplete(outer)).toBe(2);
      expect(loop.time()).toBe(1);
    } finally {
      setEventLoop(null);
    }
    expect(() => shield(sleep(1))).toThrow(/There is no current event loop/);
  });
});
