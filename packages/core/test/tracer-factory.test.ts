// The process-wide tracer factory: what a tracing tool sets so every new loop gets a recorder.
import { afterEach, describe, expect, it } from "vitest";
import { _setTracerFactory, _tracerForNewLoop, type EventLoop, type LoopTracer } from "@aio/core";
import { TestLoop } from "@aio/loop";

afterEach(() => _setTracerFactory(null));

describe("the tracer factory", () => {
  it("gives a new loop no tracer while none is set", () => {
    expect(_tracerForNewLoop(new TestLoop())).toBeNull();
  });

  it("asks the factory set for each new loop, passing that loop", () => {
    const asked: EventLoop[] = [];
    const tracer = {} as LoopTracer;
    _setTracerFactory((loop) => {
      asked.push(loop);
      return tracer;
    });
    const loop = new TestLoop();
    asked.length = 0; // the loop's constructor may already have asked
    expect(_tracerForNewLoop(loop)).toBe(tracer);
    expect(asked).toEqual([loop]);
  });

  it("stops tracing new loops once reset to null", () => {
    _setTracerFactory(() => ({}) as LoopTracer);
    _setTracerFactory(null);
    expect(_tracerForNewLoop(new TestLoop())).toBeNull();
  });

  it("is shared by every copy of @aio/core through a registered symbol", () => {
    const tracer = {} as LoopTracer;
    _setTracerFactory(() => tracer);
    const store = globalThis as unknown as Record<symbol, unknown>;
    expect(typeof store[Symbol.for("@aio/core.tracerFactory")]).toBe("function");
  });

  it("refuses a factory that is not a function, naming the argument", () => {
    expect(() => _setTracerFactory(5 as never)).toThrow(new TypeError("_setTracerFactory(factory): expected a function or null, got 5 (number)"));
    expect(() => _setTracerFactory(undefined as never)).toThrow(/^_setTracerFactory\(factory\): expected a function or null, got undefined$/);
  });
});
