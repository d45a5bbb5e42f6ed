// MessageChannelHost on a page: a timer that fires early waits for the rest, and when the page comes
// back (visible again, or resumed after being frozen) a throttled timer that is due fires at once.
// A stand-in `document` is installed before the first host timer of this file (the host looks for
// one once), and the timers are vitest's fake ones with a performance.now() the test moves, so
// throttling and early firing can be played exactly.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MessageChannelHost } from "@aio/loop";

class FakeDocument {
  visibilityState = "visible";
  readonly listeners = new Map<string, (() => void)[]>();
  addEventListener(type: string, fn: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  dispatch(type: string): void {
    for (const fn of this.listeners.get(type) ?? []) fn();
  }
}

const doc = new FakeDocument();
(globalThis as { document?: unknown }).document = doc;
let now = 0;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  now = 1000;
  vi.spyOn(performance, "now").mockImplementation(() => now);
  doc.visibilityState = "visible";
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

afterAll(() => {
  delete (globalThis as { document?: unknown }).document;
});

describe("MessageChannelHost timers on a page", () => {
  it("listens for the page coming back once, for all its hosts", () => {
    const a = new MessageChannelHost();
    const b = new MessageChannelHost();
    a.request(() => {}, 10);
    b.request(() => {}, 10);
    a.request(() => {}, 20);
    expect(doc.listeners.get("visibilitychange")).toHaveLength(1);
    expect(doc.listeners.get("resume")).toHaveLength(1);
    a.cancel();
    b.cancel();
  });

  it("delay 0 (or less) is a message, not a timer: it needs no timer to fire", async () => {
    const host = new MessageChannelHost();
    const ticks: string[] = [];
    host.request(() => ticks.push("zero"), 0);
    expect(vi.getTimerCount()).toBe(0);
    for (let i = 0; i < 50 && ticks.length === 0; i++) await new Promise((r) => setImmediate(r));
    expect(ticks).toEqual(["zero"]);
    host.request(() => ticks.push("negative"), -5);
    expect(vi.getTimerCount()).toBe(0);
    for (let i = 0; i < 50 && ticks.length === 1; i++) await new Promise((r) => setImmediate(r));
    expect(ticks).toEqual(["zero", "negative"]);
  });

  it("a timer that fires before its deadline by performance.now() waits for the rest", () => {
    const host = new MessageChannelHost();
    const ticks: number[] = [];
    host.request(() => ticks.push(now), 100);
    now += 60; // setTimeout fired at 100 ms while performance.now() says 60 ms went by
    vi.advanceTimersByTime(100);
    expect(ticks).toEqual([]);
    now += 30;
    vi.advanceTimersByTime(30); // re-armed for the 40 ms left: not yet
    expect(ticks).toEqual([]);
    now += 10;
    vi.advanceTimersByTime(10);
    expect(ticks).toEqual([1100]);
    vi.advanceTimersByTime(1000);
    expect(ticks).toEqual([1100]); // once only
  });

  it("rounds a fractional delay up to whole milliseconds", () => {
    const host = new MessageChannelHost();
    const ticks: number[] = [];
    host.request(() => ticks.push(now), 2.2);
    now += 2.2;
    vi.advanceTimersByTime(2);
    expect(ticks).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ticks).toEqual([1002.2]);
  });

  it("a timer throttled while the page was hidden fires as soon as the page is visible again", () => {
    const host = new MessageChannelHost();
    const ticks: string[] = [];
    host.request(() => ticks.push("tick"), 50);
    doc.visibilityState = "hidden";
    doc.dispatch("visibilitychange"); // going hidden re-arms nothing
    now += 5000; // the tab was throttled: the deadline passed long ago, setTimeout has not fired
    expect(ticks).toEqual([]);
    doc.visibilityState = "visible";
    doc.dispatch("visibilitychange");
    vi.advanceTimersByTime(0);
    expect(ticks).toEqual(["tick"]);
    vi.advanceTimersByTime(1000);
    expect(ticks).toEqual(["tick"]); // the original timer no longer fires
  });

  it("a page resumed after being frozen re-arms a pending timer from its deadline", () => {
    const host = new MessageChannelHost();
    const ticks: number[] = [];
    host.request(() => ticks.push(now), 300);
    now += 100; // frozen for a while, but not past the deadline
    doc.dispatch("resume");
    vi.advanceTimersByTime(199);
    expect(ticks).toEqual([]);
    now += 200;
    vi.advanceTimersByTime(1);
    expect(ticks).toEqual([1300]);
  });

  it("going hidden leaves the timer alone", () => {
    const host = new MessageChannelHost();
    const ticks: number[] = [];
    host.request(() => ticks.push(now), 100);
    now += 100;
    doc.visibilityState = "hidden";
    doc.dispatch("visibilitychange");
    vi.advanceTimersByTime(0);
    expect(ticks).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(ticks).toEqual([1100]);
  });

  it("a cancelled timer, or one that already fired, is not fired when the page comes back", () => {
    const cancelled = new MessageChannelHost();
    const fired = new MessageChannelHost();
    const ticks: string[] = [];
    cancelled.request(() => ticks.push("cancelled"), 100);
    fired.request(() => ticks.push("fired"), 10);
    now += 10;
    vi.advanceTimersByTime(10);
    expect(ticks).toEqual(["fired"]);
    cancelled.cancel();
    now += 1000;
    doc.dispatch("visibilitychange");
    doc.dispatch("resume");
    vi.advanceTimersByTime(1000);
    expect(ticks).toEqual(["fired"]);
  });

  it("a new request replaces a pending timer: only the new tick fires", () => {
    const host = new MessageChannelHost();
    const ticks: string[] = [];
    host.request(() => ticks.push("old"), 10);
    host.request(() => ticks.push("new"), 20);
    now += 20;
    vi.advanceTimersByTime(20);
    expect(ticks).toEqual(["new"]);
  });

  it("waits at most a day at a time, however far the deadline", () => {
    const host = new MessageChannelHost();
    const ticks: string[] = [];
    const day = 86_400_000;
    host.request(() => ticks.push("tick"), 3 * day);
    now += day;
    vi.advanceTimersByTime(day); // woke after a day, found two left, and waits again
    expect(ticks).toEqual([]);
    expect(vi.getTimerCount()).toBe(1);
    now += 2 * day; // the machine slept: by performance.now() the deadline has passed
    vi.advanceTimersByTime(day); // the next wake-up, a day later, finds it due
    expect(ticks).toEqual(["tick"]);
  });
});
