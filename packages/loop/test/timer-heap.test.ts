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
});
