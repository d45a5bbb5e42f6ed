// Callbacks run in a context (asyncio's `call_soon(cb, *args, context=ctx)`), and how
// callSoon/callLater/callAt tell a last `{ context }` options argument from the callback's own
// arguments. This file makes a ContextVar, so every callback here runs in a context.
import { afterEach, describe, expect, it } from "vitest";
import type { ExceptionContext } from "@aio/core";
import { Context, ContextVar, copyContext } from "@aio/contextvars";
import { TestLoop, TimerHandle } from "@aio/loop";
import { captureConsole } from "./helpers.js";

const request = new ContextVar<string>("request", { default: "none" });

/** A loop whose exception handler collects the contexts it gets. */
function collectingLoop(): { loop: TestLoop; reports: ExceptionContext[] } {
  const loop = new TestLoop();
  const reports: ExceptionContext[] = [];
  loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
  return { loop, reports };
}

/** A Context in which `request` is `value`. */
function contextWith(value: string): Context {
  const ctx = copyContext();
  ctx.run(() => request.set(value));
  return ctx;
}

afterEach(() => {
  // each test sets `request` only inside contexts it makes, never in the outer one
  expect(request.get()).toBe("none");
});

describe("callbacks run in the context current when they were scheduled", () => {
  it("callSoon with no, one and several arguments sees the values set when it was scheduled", () => {
    const { loop, reports } = collectingLoop();
    const seen: unknown[] = [];
    contextWith("a").run(() => {
      loop.callSoon(() => seen.push(["none", request.get()]));
      loop.callSoon((x: number) => seen.push(["one", x, request.get()]), 1);
      loop.callSoon((x: number, y: string) => seen.push(["two", x, y, request.get()]), 1, "y");
    });
    loop.runUntilIdle();
    expect(seen).toEqual([
      ["none", "a"],
      ["one", 1, "a"],
      ["two", 1, "y", "a"],
    ]);
    expect(reports).toEqual([]);
  });

  it("a callback's changes stay in its own copy of the context", () => {
    const { loop } = collectingLoop();
    const seen: string[] = [];
    const ctx = contextWith("outer");
    ctx.run(() => {
      loop.callSoon(() => request.set("changed"));
      loop.callSoon(() => seen.push(request.get()));
    });
    loop.runUntilIdle();
    expect(seen).toEqual(["outer"]);
    expect(ctx.run(() => request.get())).toBe("outer");
  });

  it("callLater and callAt callbacks, with no, one and several arguments, see it too", () => {
    const { loop, reports } = collectingLoop();
    const seen: unknown[] = [];
    contextWith("t").run(() => {
      loop.callLater(1, () => seen.push(["later", request.get()]));
      loop.callLater(2, (x: number) => seen.push(["later1", x, request.get()]), 7);
      loop.callAt(3, (x: number, y: number) => seen.push(["at2", x, y, request.get()]), 1, 2);
    });
    loop.advance(3);
    expect(seen).toEqual([
      ["later", "t"],
      ["later1", 7, "t"],
      ["at2", 1, 2, "t"],
    ]);
    expect(reports).toEqual([]);
  });
});

describe("the { context } options argument", () => {
  it("runs the callback in the given context, for callSoon, callLater and callAt", () => {
    const { loop } = collectingLoop();
    const seen: unknown[] = [];
    const ctx = contextWith("given");
    loop.callSoon((x: number) => seen.push(["soon", x, request.get()]), 1, { context: ctx });
    loop.callLater(1, () => seen.push(["later", request.get()]), { context: ctx });
    loop.callAt(2, (x: number, y: number) => seen.push(["at", x, y, request.get()]), 1, 2, { context: ctx });
    loop.advance(2);
    expect(seen).toEqual([
      ["soon", 1, "given"],
      ["later", "given"],
      ["at", 1, 2, "given"],
    ]);
  });

  it("is recognised by its shape only: anything else reaches the callback unchanged", () => {
    const { loop } = collectingLoop();
    const ctx = contextWith("given");
    class Options {
      context = ctx;
    }
    const noProto = Object.assign(Object.create(null) as object, { context: ctx });
    const lastArgs = [null, { other: 1 }, { context: ctx, extra: 1 }, new Options(), noProto, 5, "s"];
    const got: unknown[] = [];
    for (const last of lastArgs) {
      loop.callSoon((x: unknown) => got.push(["soon", x, request.get()]), last);
      loop.callLater(1, (x: unknown) => got.push(["later", x, request.get()]), last);
      loop.callAt(1, (x: unknown) => got.push(["at", x, request.get()]), last);
    }
    loop.advance(1);
    const expected = [
      ...lastArgs.map((x) => ["soon", x, "none"]),
      ...lastArgs.flatMap((x) => [
        ["later", x, "none"],
        ["at", x, "none"],
      ]),
    ];
    expect(got).toHaveLength(expected.length);
    got.forEach((g, i) => {
      const [where, x, value] = g as unknown[];
      expect([where, value]).toEqual([expected[i]![0], expected[i]![2]]);
      expect(x).toBe(expected[i]![1]); // the very object, not a copy
    });
  });
});

describe("a callback that throws in its context", () => {
  it("is reported to the exception handler with its name, for no, one and several arguments", () => {
    const { loop, reports } = collectingLoop();
    const errors = [new Error("none"), new Error("one"), new Error("two")];
    const order: string[] = [];
    contextWith("x").run(() => {
      loop.callSoon(function noArgs() {
        throw errors[0];
      });
      loop.callSoon(function oneArg(_a: number) {
        throw errors[1];
      }, 1);
      loop.callSoon(function twoArgs(_a: number, _b: number) {
        throw errors[2];
      }, 1, 2);
      loop.callSoon(() => order.push(`after: ${request.get()}`));
    });
    loop.runUntilIdle();
    expect(reports.map((r) => r.message)).toEqual(["Exception in callback noArgs()", "Exception in callback oneArg()", "Exception in callback twoArgs()"]);
    expect(reports.map((r) => r.exception)).toEqual(errors);
    expect(reports.map((r) => String(r.handle))).toEqual(["<Handle noArgs()>", "<Handle oneArg()>", "<Handle twoArgs()>"]);
    expect(order).toEqual(["after: x"]);
  });

  it("a timer callback is reported with its timer handle", () => {
    const { loop, reports } = collectingLoop();
    const err = new Error("timer failed");
    let seenIn = "";
    const t = contextWith("x").run(() =>
      loop.callLater(1, function ring() {
        seenIn = request.get();
        throw err;
      }),
    );
    loop.advance(1);
    expect(seenIn).toBe("x");
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toBe("Exception in callback ring()");
    expect(reports[0]!.exception).toBe(err);
    expect(reports[0]!.handle).toBe(t);
    expect(reports[0]!.handle).toBeInstanceOf(TimerHandle);
  });
});

describe("a slow callback in a context, in debug mode", () => {
  it("is named in the warning, or called anonymous()", async () => {
    const loop = new TestLoop();
    loop.setDebug(true);
    loop.slowCallbackDuration = 0; // every callback counts as slow
    const printed = await captureConsole("warn", () => {
      loop.callSoon(function slowOne() {});
      loop.callSoon((() => () => {})());
      loop.runUntilIdle();
    });
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/^Executing <Handle slowOne\(\)> took \d+\.\d{3} seconds$/);
    expect(printed[1]).toMatch(/^Executing <Handle anonymous\(\)> took \d+\.\d{3} seconds$/);
  });
});
