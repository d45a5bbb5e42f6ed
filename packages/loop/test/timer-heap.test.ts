// The timer heap on its own (an internal module): ordering, FIFO ties, lazy purge and rebuild.
import { describe, expect, it } from "vitest";
import { TestLoop, TimerHandle } from "@aio/loop";
import { TimerHeap } from "../src/timer-heap.js";

function timers(whens: number[]): { heap: TimerHeap; handles: TimerHandle[] } {
  // Handles come from a real loop so their shape is what the heap sees in production; they are
  // then moved to a heap of our own.
  const loop = new TestLoop();
  const handles = whens.map((w) => loop.callAt(w, () => {}));
  const heap = new TimerHeap();
  for (const h of handles) heap.push(h);
  loop._timers.items = []; // forget them there, leaving them marked as scheduled
  return { heap, handles };
}

function drain(heap: TimerHeap): number[] {
  const out: number[] = [];
  for (let t = heap.pop(); t !== undefined; t = heap.pop()) out.push(t._seq);
  return out;
}

describe("TimerHeap", () => {
  it("pops timers in deadline order", () => {
    const whens = [5, 1, 4, 1.5, 3, 2, 0, 9, 7];
    const { heap, handles } = timers(whens);
    const order = drain(heap).map((seq) => handles.find((h) => h._seq === seq)!.when());
    expect(order).toEqual([...whens].sort((a, b) => a - b));
  });

  it("pops equal deadlines in push order", () => {
    const { heap, handles } = timers([2, 1, 2, 1, 2, 1, 2]);
    const bySeq = (seq: number) => handles.findIndex((h) => h._seq === seq);
    expect(drain(heap).map(bySeq)).toEqual([1, 3, 5, 0, 2, 4, 6]);
  });

  it("purge() pops cancelled timers off the top only, for a small heap", () => {
    const { heap, handles } = timers([1, 2, 3, 4]);
    handles[0]!.cancel();
    handles[2]!.cancel();
    heap.cancelled = 2;
    heap.purge();
    expect(heap.size).toBe(3); // the cancelled one below the top stays until it surfaces
    expect(heap.peek()).toBe(handles[1]);
    expect(heap.cancelled).toBe(1);
    expect(handles[0]!._scheduled).toBe(false);
  });

  it("purge() rebuilds a heap of more than 100 timers when more than half are cancelled", () => {
    const whens = Array.from({ length: 150 }, (_v, i) => (i * 37) % 150);
    const { heap, handles } = timers(whens);
    handles.forEach((h, i) => i % 4 !== 0 && h.cancel());
    heap.cancelled = handles.filter((h) => h.cancelled()).length;
    heap.purge();
    expect(heap.cancelled).toBe(0);
    expect(heap.size).toBe(handles.filter((h) => !h.cancelled()).length);
    expect(handles.filter((h) => h.cancelled()).every((h) => !h._scheduled)).toBe(true);
    const order = drain(heap).map((seq) => handles.find((h) => h._seq === seq)!.when());
    expect(order).toEqual(
      handles
        .filter((h) => !h.cancelled())
        .map((h) => h.when())
        .sort((a, b) => a - b),
    );
  });

  it("clear() empties the heap and marks its timers unscheduled", () => {
    const { heap, handles } = timers([1, 2]);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(handles.every((h) => !h._scheduled)).toBe(true);
  });

  it("purge() only pops the cancelled top of a small heap, even when most of it is cancelled", () => {
    const { heap, handles } = timers([1, 2, 3, 4]);
    for (const i of [0, 2, 3]) handles[i]!.cancel();
    heap.cancelled = 3;
    heap.purge();
    expect(heap.size).toBe(3); // no rebuild for 100 timers or fewer
    expect(heap.peek()).toBe(handles[1]);
    expect(heap.cancelled).toBe(2);
    expect(handles[2]!._scheduled).toBe(true);
  });

  it.each([0, 1, 2, 3])("purge() rebuilds a large heap down to exactly its %i live timer(s), in deadline order", (live) => {
    const whens = Array.from({ length: 150 }, (_v, i) => 150 - i);
    const { heap, handles } = timers(whens);
    const kept = handles.slice(0, live);
    for (const h of handles.slice(live)) h.cancel();
    heap.cancelled = 150 - live;
    heap.purge();
    expect(heap.cancelled).toBe(0);
    expect(heap.size).toBe(live);
    expect(drain(heap)).toEqual(kept.map((h) => h._seq).reverse());
  });

  it("purge() leaves a large heap with few cancelled timers alone below the top", () => {
    const whens = Array.from({ length: 150 }, (_v, i) => i);
    const { heap, handles } = timers(whens);
    for (let i = 140; i < 150; i++) handles[i]!.cancel();
    heap.cancelled = 10;
    heap.purge();
    expect(heap.size).toBe(150);
    expect(heap.cancelled).toBe(10);
    expect(handles[149]!._scheduled).toBe(true);
  });

  it("purge() does not rebuild when exactly half of a large heap is cancelled", () => {
    const whens = Array.from({ length: 150 }, (_v, i) => i);
    const { heap, handles } = timers(whens);
    for (let i = 75; i < 150; i++) handles[i]!.cancel();
    heap.cancelled = 75;
    heap.purge();
    expect(heap.size).toBe(150);
    expect(heap.cancelled).toBe(75);
  });

  it("purge() does not rebuild a heap of exactly 100 timers, however many are cancelled", () => {
    const whens = Array.from({ length: 100 }, (_v, i) => i);
    const { heap, handles } = timers(whens);
    for (let i = 10; i < 100; i++) handles[i]!.cancel();
    heap.cancelled = 90;
    heap.purge();
    expect(heap.size).toBe(100);
    expect(heap.cancelled).toBe(90);
  });

  it("after a rebuild the live timers stay scheduled, so cancelling one later is counted", () => {
    const loop = new TestLoop();
    const handles = Array.from({ length: 150 }, (_v, i) => loop.callAt(i + 1, () => {}));
    for (let i = 0; i < 100; i++) handles[i]!.cancel();
    expect(loop._timers.cancelled).toBe(100);
    loop._timers.purge();
    expect(loop._timers.size).toBe(50);
    expect(loop._timers.cancelled).toBe(0);
    expect(handles.slice(100).every((h) => h._scheduled)).toBe(true);
    handles[120]!.cancel();
    expect(loop._timers.cancelled).toBe(1);
  });
});

describe("TimerHandle.cancel() and the loop's count of cancelled timers", () => {
  it("counts a timer cancelled twice once", () => {
    const loop = new TestLoop();
    const h = loop.callLater(1, () => {});
    h.cancel();
    h.cancel();
    expect(loop._timers.cancelled).toBe(1);
    loop.advance(1);
    expect(loop._timers.cancelled).toBe(0);
    expect(loop._timers.size).toBe(0);
  });

  it("does not count a timer that already ran (it left the heap)", () => {
    const loop = new TestLoop();
    let ran = 0;
    const h = loop.callLater(1, () => ran++);
    loop.advance(1);
    expect(ran).toBe(1);
    h.cancel();
    expect(h.cancelled()).toBe(true);
    expect(loop._timers.cancelled).toBe(0);
  });
});
