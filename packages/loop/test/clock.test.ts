import { describe, expect, it } from "vitest";
import { EventLoop, ManualHost, VirtualClock, monotonicClock } from "@aio/loop";

describe("VirtualClock", () => {
  it("starts at the given time (0 by default) and has resolution 0", () => {
    expect(new VirtualClock().now()).toBe(0);
    expect(new VirtualClock(42).now()).toBe(42);
    expect(new VirtualClock().resolution).toBe(0);
  });

  it("moves forward with set(), also to the time it already shows", () => {
    const clock = new VirtualClock();
    clock.set(1.5);
    expect(clock.now()).toBe(1.5);
    clock.set(1.5);
    expect(clock.now()).toBe(1.5);
  });

  it("refuses to go back, or to a time that is not finite, with a RangeError", () => {
    const clock = new VirtualClock(10);
    expect(() => clock.set(9)).toThrow(new RangeError("VirtualClock.set(time): expected a finite time >= 10, got 9"));
    expect(() => clock.set(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set(Infinity)).toThrow(RangeError);
    expect(clock.now()).toBe(10);
  });

  it("is what an EventLoop built on it reports as time()", () => {
    const clock = new VirtualClock(100);
    const loop = new EventLoop({ clock, host: new ManualHost() });
    expect(loop.time()).toBe(100);
    clock.set(250);
    expect(loop.time()).toBe(250);
  });
});

describe("monotonicClock", () => {
  it("counts seconds from performance.now() and never goes back", () => {
    const a = monotonicClock.now();
    const b = monotonicClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(Math.abs(a - performance.now() / 1000)).toBeLessThan(1);
    expect(monotonicClock.resolution).toBeGreaterThan(0);
  });

  it("is the default clock of an EventLoop", () => {
    const loop = new EventLoop();
    expect(Math.abs(loop.time() - performance.now() / 1000)).toBeLessThan(1);
    loop.close();
  });
});
