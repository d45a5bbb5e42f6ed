// Handle and TimerHandle: how they show themselves, and what an exception report says about them.
// (No ContextVar is made in this file, so callbacks run without a context; see context-call.test.ts.)
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "@aio/core";
import { TestLoop } from "@aio/loop";

describe("Handle.toString()", () => {
  it("names the callback, or says anonymous() for a callback without a name", () => {
    const loop = new TestLoop();
    expect(String(loop.callSoon(function tick() {}))).toBe("<Handle tick()>");
    expect(String(loop.callSoon((() => () => {})()))).toBe("<Handle anonymous()>");
    loop.runUntilIdle();
  });

  it("says cancelled once cancelled, and drops the callback", () => {
    const loop = new TestLoop();
    const h = loop.callSoon(function tick() {});
    h.cancel();
    expect(String(h)).toBe("<Handle cancelled>");
    expect(h._describeCallback()).toBe("<cancelled>");
  });
});

describe("TimerHandle.toString()", () => {
  it("shows the deadline and the callback, then cancelled", () => {
    const loop = new TestLoop();
    const t = loop.callAt(1.5, function ring() {});
    expect(String(t)).toBe("<TimerHandle when=1.5 ring()>");
    expect(String(loop.callAt(2, (() => () => {})()))).toBe("<TimerHandle when=2 anonymous()>");
    t.cancel();
    expect(String(t)).toBe("<TimerHandle when=1.5 cancelled>");
  });
});

describe("a timer callback that cancels its own handle, then throws", () => {
  it("is reported as a callback that was cancelled", () => {
    const loop = new TestLoop();
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => contexts.push(ctx));
    const err = new Error("late failure");
    const t = loop.callLater(1, function selfCancelling() {
      t.cancel();
      throw err;
    });
    loop.advance(1);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.message).toBe("Exception in callback <cancelled>");
    expect(contexts[0]!.exception).toBe(err);
    expect(contexts[0]!.handle).toBe(t);
  });
});
