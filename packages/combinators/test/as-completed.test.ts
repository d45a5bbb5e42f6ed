import { describe, expect, it } from "vitest";
import { getRunningLoop, type FutureLike } from "@aio/core";
import { Future } from "@aio/future";
import { createTask, type Task } from "@aio/task";
import { asCompleted, gather, sleep } from "@aio/combinators";
import { Boom, run, setup } from "./helpers.js";

describe("asCompleted()", () => {
  it("gives awaitables of the results in completion order (generator and async)", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const ts = [createTask(sleep(3, "c")), createTask(sleep(1, "a")), createTask(sleep(2, "b"))];
      for (const next of asCompleted(ts)) log(yield* next);
    }, loop);
    await run(async () => {
      for (const next of asCompleted([sleep(3, "c"), sleep(1, "a"), sleep(2, "b")])) log(await next);
    }, loop);
    expect(events).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
      [4, "a"],
      [5, "b"],
      [6, "c"],
    ]);
  });

  it("yields the original futures in completion order with for await", async () => {
    const { loop, events, log } = setup();
    await run(async () => {
      const ts = [createTask(sleep(2, "b")), createTask(sleep(1, "a"))];
      for await (const t of asCompleted(ts)) log(ts.indexOf(t as Task<string>), t.result());
    }, loop);
    expect(events).toEqual([
      [1, 1, "a"],
      [2, 0, "b"],
    ]);
  });

  it("makes tasks of coroutines, and yields those tasks", async () => {
    const r = await run(async () => {
      const out: unknown[] = [];
      for await (const t of asCompleted([sleep(2, "x"), sleep(1, "y")])) out.push([typeof (t as Task<string>).getName, t.result()]);
      return out;
    });
    expect(r).toEqual([
      ["function", "y"],
      ["function", "x"],
    ]);
  });

  it("throws the error of a failed awaitable at its item", async () => {
    const r = await run(function* () {
      const out: unknown[] = [];
      const bad = createTask(function* () {
        yield* sleep(1);
        throw new Boom("b");
      });
      for (const next of asCompleted([bad, createTask(sleep(2, "ok"))])) {
        try {
          out.push(yield* next);
        } catch (e) {
          out.push((e as Error).name);
        }
      }
      return out;
    });
    expect(r).toEqual(["Boom", "ok"]);
  });

  it("fails the next item with TimeoutError once the timeout passes, without cancelling anything", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const ts = [createTask(sleep(3, "c")), createTask(sleep(1, "a"))];
      try {
        for (const next of asCompleted(ts, { timeout: 2 })) log(yield* next);
      } catch (e) {
        log((e as Error).name, ts.map((t) => t.done()), ts.map((t) => t.cancelled()));
      }
      ts[0]!.cancel();
    }, loop);
    await run(async () => {
      const ts = [createTask(sleep(3, "c"))];
      try {
        for await (const t of asCompleted(ts, { timeout: 2 })) log(t.result());
      } catch (e) {
        log((e as Error).name);
      }
      ts[0]!.cancel();
    }, loop);
    expect(events).toEqual([
      [1, "a"],
      [2, "TimeoutError", [false, true], [false, false]],
      [4, "TimeoutError"],
    ]);
  });

  it("resumes where it left off after a break", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const it = asCompleted([1, 2, 3].map((i) => createTask(sleep(i, i))));
      for (const next of it) {
        log(yield* next);
        break;
      }
      for (const next of it) log(yield* next);
    }, loop);
    expect(events).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it("starts at once: the timeout and the tasks run from the call, not the first await", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const it = asCompleted([sleep(1, "a")], { timeout: 2 });
      yield* sleep(1.5);
      for (const next of it) log(yield* next);
    }, loop);
    expect(events).toEqual([[1.5, "a"]]);
  });

  it("takes two iterations for a future that is already done, as in CPython", async () => {
    const r = await run(function* () {
      const loop = getRunningLoop();
      const f = new Future<number>();
      f.setResult(1);
      let ticks = 0;
      const tick = (): void => {
        if (++ticks < 20) loop.callSoon(tick);
      };
      loop.callSoon(tick);
      const out: unknown[] = [];
      for (const next of asCompleted([f])) out.push(yield* next, ticks);
      return out;
    });
    expect(r).toEqual([1, 2]);
  });

  it("counts a repeated awaitable once; an empty input ends at once", async () => {
    const r = await run(async () => {
      const t = createTask(sleep(1, "t"));
      const out: unknown[] = [];
      for await (const f of asCompleted([t, t])) out.push(f === t);
      for (const next of asCompleted<never>([])) out.push(next);
      return out;
    });
    expect(r).toEqual([true]);
  });

  it("passes a cancelled wait on to the next waiter for the same item", async () => {
    const { loop, events, log } = setup();
    await run(function* () {
      const it = asCompleted([createTask(sleep(1, "a")), createTask(sleep(2, "b"))])[Symbol.iterator]();
      const first = it.next().value!;
      const second = it.next().value!;
      const w1 = createTask(first as FutureLike<string> & Generator<unknown, string>);
      const w2 = createTask(second as FutureLike<string> & Generator<unknown, string>);
      yield* sleep(0.5);
      w1.cancel();
      log("w2", yield* w2);
      log("w1", w1.cancelled());
    }, loop);
    expect(events).toEqual([
      [1, "w2", "a"],
      [1, "w1", true],
    ]);
  });

  it("serves 20,000 items awaited all at once, in completion order", async () => {
    const n = 20_000;
    const r = await run(function* () {
      const items = [...asCompleted(Array.from({ length: n }, (_, i) => sleep((n - i) % 5, i)))];
      return yield* gather(items);
    });
    expect(r.length).toBe(n);
    const delays = r.map((i) => (n - i) % 5);
    expect(delays.every((d, k) => k === 0 || delays[k - 1]! <= d)).toBe(true);
  });

  it("refuses a single awaitable and a bad timeout", () => {
    expect(() => asCompleted(sleep(1) as never)).toThrow(TypeError);
    expect(() => asCompleted([], { timeout: NaN })).toThrow(RangeError);
  });
});
