// loop.setTraceRecorder(): what the loop accepts as a recorder, and that it reports to it.
// The recorder here is a minimal LoopTracer (core's interface); @aio/trace has the real one.
import { describe, expect, it } from "vitest";
import { _getRunningLoop, type LoopTracer } from "@aio/core";
import { Runner, TestLoop, run } from "@aio/loop";
import { checkTracer } from "../src/tracer-check.js";

const METHODS = ["queued", "runBegin", "runEnd", "timerScheduled", "taskCreated", "cancelRequested", "hostTurn"] as const;

/** A LoopTracer that writes down the name of each call. */
function recorder(): LoopTracer & { calls: string[] } {
  const calls: string[] = [];
  const rec = { calls } as unknown as LoopTracer & { calls: string[] };
  for (const m of METHODS) (rec as unknown as Record<string, unknown>)[m] = () => void calls.push(m);
  return rec;
}

/** A recorder lacking method `missing`. */
function without(missing: (typeof METHODS)[number]): object {
  const rec = recorder() as unknown as Record<string, unknown>;
  delete rec[missing];
  return rec;
}

describe("loop.setTraceRecorder()", () => {
  it("accepts any object with the LoopTracer methods and reports to it; null stops it", () => {
    const loop = new TestLoop();
    const rec = recorder();
    loop.setTraceRecorder(rec);
    expect(loop.getTraceRecorder()).toBe(rec);
    loop.callSoon(() => {});
    loop.callLater(1, () => {});
    loop.advance(1);
    expect(rec.calls).toContain("queued");
    expect(rec.calls).toContain("timerScheduled");
    expect(rec.calls).toContain("runBegin");
    expect(rec.calls).toContain("runEnd");
    expect(rec.calls).toContain("hostTurn");
    loop.setTraceRecorder(null);
    expect(loop.getTraceRecorder()).toBeNull();
    const before = rec.calls.length;
    loop.callSoon(() => {});
    loop.runUntilIdle();
    expect(rec.calls).toHaveLength(before);
  });

  it("refuses a value that is not an object, naming the argument", () => {
    const loop = new TestLoop();
    expect(() => loop.setTraceRecorder(5 as never)).toThrow(
      new TypeError("setTraceRecorder(recorder): expected a LoopTracer (such as @aio/trace's TraceRecorder) or null, got 5 (number)"),
    );
    expect(() => loop.setTraceRecorder(undefined as never)).toThrow(
      new TypeError("setTraceRecorder(recorder): expected a LoopTracer (such as @aio/trace's TraceRecorder) or null, got undefined"),
    );
    // A function with every method is still not a recorder object.
    const fn = Object.assign(function rec() {}, recorder());
    expect(() => loop.setTraceRecorder(fn as never)).toThrow(
      new TypeError("setTraceRecorder(recorder): expected a LoopTracer (such as @aio/trace's TraceRecorder) or null, got rec (function)"),
    );
    expect(loop.getTraceRecorder()).toBeNull();
  });

  it.each(METHODS)("refuses an object without a %s() method, naming it", (m) => {
    const loop = new TestLoop();
    expect(() => loop.setTraceRecorder(without(m) as never)).toThrow(
      new TypeError(`setTraceRecorder(recorder): a LoopTracer needs a ${m}() method, got Object (object)`),
    );
    expect(loop.getTraceRecorder()).toBeNull();
  });

  it("checkTracer() refuses null itself (the callers let null through before calling it)", () => {
    expect(() => checkTracer(null)).toThrow(
      new TypeError("setTraceRecorder(recorder): expected a LoopTracer (such as @aio/trace's TraceRecorder) or null, got null"),
    );
  });
});

describe("the traceRecorder option of run() and Runner", () => {
  it("is checked the same way, naming the option", async () => {
    await expect(run(() => Promise.resolve(1), { traceRecorder: without("hostTurn") as never })).rejects.toThrow(
      new TypeError("run(options.traceRecorder): a LoopTracer needs a hostTurn() method, got Object (object)"),
    );
    expect(() => new Runner({ traceRecorder: 1 as never })).toThrow(
      new TypeError("Runner(options.traceRecorder): expected a LoopTracer (such as @aio/trace's TraceRecorder) or null, got 1 (number)"),
    );
  });

  it("records the run of main, in both coroutine styles", async () => {
    const rec1 = recorder();
    let seen: TestLoop | null = null;
    await expect(
      run(
        async () => {
          await Promise.resolve();
          seen = _getRunningLoop() as TestLoop;
          return 1;
        },
        { traceRecorder: rec1, loopFactory: () => new TestLoop() },
      ),
    ).resolves.toBe(1);
    expect(seen!.getTraceRecorder()).toBe(rec1);
    expect(rec1.calls).toContain("taskCreated");
    const rec2 = recorder();
    // eslint-disable-next-line require-yield
    function* main(): Generator<never, number> {
      return 2;
    }
    await expect(run(main, { traceRecorder: rec2, loopFactory: () => new TestLoop() })).resolves.toBe(2);
    expect(rec2.calls).toContain("taskCreated");
  });
});
