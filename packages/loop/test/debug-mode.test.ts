// EventLoop debug mode: slow-callback reports (what each kind of entry is called, the threshold),
// callbacks with arguments, and debug mode combined with a trace recorder.
import { afterEach, describe, expect, it } from "vitest";
import { _getRunningLoop, _setRunningLoop } from "@aio/core";
import { Context } from "@aio/contextvars";
import { EventLoop, TestLoop } from "@aio/loop";
import { busyWait, callRecorder, captureConsole, manualLoop } from "./helpers.js";

afterEach(() => {
  if (_getRunningLoop() !== null) _setRunningLoop(null);
});

const SLOW_MS = 8;
const took = (what: string): RegExp => new RegExp(`^Executing ${what.replace(/[()<>=]/g, "\\$&")} took \\d+\\.\\d{3} seconds$`);

/** A debug TestLoop that reports anything slower than half of SLOW_MS. */
function debugLoop(): TestLoop {
  const loop = new TestLoop({ debug: true });
  loop.slowCallbackDuration = SLOW_MS / 2000;
  return loop;
}


describe("debug mode: slow-callback reports", () => {
  it("name a callback by its handle, with no argument, one, or several", async () => {
    const loop = debugLoop();
    const printed = await captureConsole("warn", () => {
      loop.callSoon(function none(): void {
        busyWait(SLOW_MS);
      });
      loop.callSoon(function one(_a: number): void {
        busyWait(SLOW_MS);
      }, 1);
      loop.callSoon(function several(_a: number, _b: number): void {
        busyWait(SLOW_MS);
      }, 1, 2);
      loop.runUntilIdle();
    });
    expect(printed).toHaveLength(3);
    expect(printed[0]).toMatch(took("<Handle none()>"));
    expect(printed[1]).toMatch(took("<Handle one()>"));
    // (Was "Executing [object Object] took ...": a callback with several arguments is queued wrapped.)
    expect(printed[2]).toMatch(took("<Handle several()>"));
  });

  it("call an unnamed callback anonymous", async () => {
    const loop = debugLoop();
    const printed = await captureConsole("warn", () => {
      loop.callSoon(Object.defineProperty(() => busyWait(SLOW_MS), "name", { value: "" }));
      loop.callSoon(
        Object.defineProperty((_a: number, _b: number) => busyWait(SLOW_MS), "name", { value: "" }),
        1,
        2,
      );
      loop.runUntilIdle();
    });
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(took("<Handle anonymous()>"));
    expect(printed[1]).toMatch(took("<Handle anonymous()>"));
  });

  it("show a timer, a task and a callback run in a context as themselves", async () => {
    const loop = debugLoop();
    const printed = await captureConsole("warn", () => {
      loop.callLater(1, function timed(): void {
        busyWait(SLOW_MS);
      });
      loop.createTask(
        function* worker() {
          busyWait(SLOW_MS);
          return 1;
        },
        { name: "slow-task" },
      );
      loop.callSoon(function inContext(): void {
        busyWait(SLOW_MS);
      }, { context: new Context() });
      loop.runUntilIdle();
      loop.advance(1);
    });
    expect(printed).toHaveLength(3);
    expect(printed[0]).toMatch(/^Executing <Task .*name=slow-task.*> took \d+\.\d{3} seconds$/);
    expect(printed[1]).toMatch(took("<Handle inContext()>"));
    expect(printed[2]).toMatch(took("<TimerHandle when=1 timed()>"));
  });

  it("report an async-function task's slow step as the task", async () => {
    const loop = debugLoop();
    const printed = await captureConsole("warn", () =>
      loop.runUntilComplete(
        loop.createTask(
          async () => {
            busyWait(SLOW_MS);
          },
          { name: "async-main" },
        ),
      ),
    );
    expect(printed.some((line) => /^Executing <Task .*name=async-main.*> took \d+\.\d{3} seconds$/.test(line))).toBe(true);
  });

  it("are made at slowCallbackDuration or more: 0 reports every callback, Infinity none", async () => {
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 0;
    const all = await captureConsole("warn", () => {
      loop.callSoon(function a(): void {});
      loop.callSoon(function b(_x: number): void {}, 1);
      loop.runUntilIdle();
    });
    expect(all).toHaveLength(2);
    expect(all[0]).toMatch(took("<Handle a()>"));
    expect(all[1]).toMatch(took("<Handle b()>"));
    loop.slowCallbackDuration = Infinity;
    const none = await captureConsole("warn", () => {
      loop.callSoon(() => busyWait(SLOW_MS));
      loop.runUntilIdle();
    });
    expect(none).toEqual([]);
  });

  it("measure real time, not the virtual clock: a jump of the clock is not slowness", async () => {
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 0.5;
    const printed = await captureConsole("warn", () =>
      loop.runUntilComplete(function* () {
        const fut = loop.createFuture<void>();
        loop.callLater(3600, () => fut.setResult());
        yield* fut;
      }),
    );
    expect(loop.time()).toBe(3600);
    expect(printed).toEqual([]);
  });

  it("follow setDebug(): switched on later it reports, switched off it stops", async () => {
    const loop = new TestLoop();
    loop.slowCallbackDuration = SLOW_MS / 2000;
    const printed = await captureConsole("warn", () => {
      loop.setDebug(true);
      loop.callSoon(function first(): void {
        busyWait(SLOW_MS);
      });
      loop.runUntilIdle();
      loop.setDebug(false);
      loop.callSoon(function second(): void {
        busyWait(SLOW_MS);
      });
      loop.runUntilIdle();
    });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(took("<Handle first()>"));
  });

  it("take the debug option of new EventLoop() as a boolean", () => {
    const { loop } = manualLoop();
    expect(loop.getDebug()).toBe(false);
    const on = new EventLoop({ debug: 1 as never });
    expect(on.getDebug()).toBe(true);
    on.setDebug(0 as never);
    expect(on.getDebug()).toBe(false);
    expect(new EventLoop({ debug: undefined }).getDebug()).toBe(false);
  });
});

describe("debug mode: callbacks with arguments", () => {
  it("runs each callback with exactly its arguments, and reports its error naming it", async () => {
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = Infinity;
    const got: unknown[][] = [];
    const reports: unknown[][] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push([ctx.message, String(ctx.handle), (ctx.exception as Error).message]));
    loop.callSoon((...a: unknown[]) => got.push(a));
    loop.callSoon((...a: unknown[]) => got.push(a), undefined);
    loop.callSoon((...a: unknown[]) => got.push(a), "x", undefined, 3);
    loop.callLater(1, (...a: unknown[]) => got.push(a), "t1", "t2");
    loop.callSoon(function one(_a: number): void {
      throw new Error("one failed");
    }, 1);
    loop.callSoon(function several(_a: number, _b: number): void {
      throw new Error("several failed");
    }, 1, 2);
    loop.runUntilIdle();
    loop.advance(1);
    expect(got).toEqual([[], [undefined], ["x", undefined, 3], ["t1", "t2"]]);
    expect(got[1]).toHaveLength(1);
    expect(reports).toEqual([
      ["Exception in callback one()", "<Handle one()>", "one failed"],
      ["Exception in callback several()", "<Handle several()>", "several failed"],
    ]);
  });
});

describe("debug mode with a trace recorder", () => {
  it("still reports slow callbacks, and the recorder sees each run begin and end", async () => {
    const loop = debugLoop();
    const rec = callRecorder();
    loop.setTraceRecorder(rec);
    const printed = await captureConsole("warn", () => {
      loop.callSoon(function slow(_a: string): void {
        busyWait(SLOW_MS);
      }, "arg");
      loop.runUntilIdle();
    });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(took("<Handle slow()>"));
    expect(rec.calls).toEqual([["queued", 1], ["hostTurn", 0], ["runBegin", 1, "arg"], ["runEnd"]]);
  });

  it("without debug mode, a traced loop reports no slow callback but runs them with their arguments", async () => {
    const loop = new TestLoop();
    loop.slowCallbackDuration = 0;
    const rec = callRecorder();
    loop.setTraceRecorder(rec);
    const got: unknown[][] = [];
    const reports: string[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx.message));
    const printed = await captureConsole("warn", () => {
      loop.callSoon((...a: unknown[]) => got.push(a));
      loop.callSoon((...a: unknown[]) => got.push(a), 1);
      loop.callSoon((...a: unknown[]) => got.push(a), 1, 2);
      loop.callSoon(function broken(): void {
        throw new Error("x");
      });
      loop.runUntilIdle();
    });
    expect(printed).toEqual([]);
    expect(got).toEqual([[], [1], [1, 2]]);
    expect(reports).toEqual(["Exception in callback broken()"]);
    // Entry numbers follow the queue: 1..4, each run begins and ends.
    expect(rec.calls.filter((c) => c[0] === "runBegin").map((c) => c[1])).toEqual([1, 2, 3, 4]);
    expect(rec.calls.filter((c) => c[0] === "runEnd")).toHaveLength(4);
  });
});
