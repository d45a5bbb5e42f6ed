// The ready queue on its own (an internal module): FIFO order across growth and wrap-around, and
// cancelling an entry by its number.
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { NO_ARG, ReadyQueue } from "../src/ready-queue.js";

/** Takes the oldest entry's argument off the queue, as the loop does. */
function shift(q: ReadyQueue): unknown {
  return q.shift() === null ? "cancelled" : q.arg;
}

const noop = (): void => {};

describe("ReadyQueue", () => {
  it("keeps FIFO order across many chunks, recycling the spent ones", () => {
    const q = new ReadyQueue();
    const out: unknown[] = [];
    for (let i = 0; i < 700; i++) q.push(noop, i);
    for (let i = 0; i < 600; i++) out.push(shift(q)); // head is now deep into the ring
    for (let i = 700; i < 3000; i++) q.push(noop, i); // fills the next chunks
    while (q.length > 0) out.push(shift(q));
    expect(out).toEqual([...Array(3000).keys()]);
  });

  it("numbers entries 1, 2, 3... and cancels one by its number, wherever it sits", () => {
    const q = new ReadyQueue();
    for (let i = 0; i < 600; i++) shift((q.push(noop, i), q)); // move the head
    const numbers: number[] = [];
    for (let i = 0; i < 2000; i++) numbers.push(q.push(noop, i));
    expect(numbers[0]).toBe(601);
    q.cancel(numbers[1500]!);
    q.cancel(numbers[3]!);
    const out: unknown[] = [];
    while (q.length > 0) out.push(shift(q));
    expect(out[3]).toBe("cancelled");
    expect(out[1500]).toBe("cancelled");
    expect(out.filter((x) => x === "cancelled")).toHaveLength(2);
  });

  it("ignores cancelling an entry that already left the queue or was cleared", () => {
    const q = new ReadyQueue();
    const first = q.push(noop, NO_ARG);
    const second = q.push(noop, "kept");
    shift(q);
    q.cancel(first); // already ran
    expect(q.length).toBe(1);
    q.clear();
    q.cancel(second);
    const third = q.push(noop, "after clear");
    expect(third).toBe(3);
    expect(shift(q)).toBe("after clear");
  });
  it("cancels the entry that sits first in the second chunk", () => {
    const q = new ReadyQueue();
    const numbers: number[] = [];
    for (let i = 0; i < 1026; i++) numbers.push(q.push(noop, i));
    q.cancel(numbers[1024]!); // 1024 places after the head: slot 0 of the next chunk
    const out: unknown[] = [];
    while (q.length > 0) out.push(shift(q));
    expect(out.map((x, i) => (x === "cancelled" ? i : -1)).filter((i) => i >= 0)).toEqual([1024]);
    expect(out[1023]).toBe(1023);
    expect(out[1025]).toBe(1025);
  });
});

describe("Handle.cancel() through a busy loop", () => {
  it("cancels the right callback after the queue grew", () => {
    const loop = new TestLoop();
    const ran: number[] = [];
    const handles = Array.from({ length: 3000 }, (_v, i) => loop.callSoon(() => ran.push(i)));
    handles[2500]!.cancel();
    handles[7]!.cancel();
    loop.runUntilIdle();
    expect(ran).toHaveLength(2998);
    expect(ran.includes(2500) || ran.includes(7)).toBe(false);
    handles[100]!.cancel(); // already ran: nothing happens
    expect(handles[100]!.cancelled()).toBe(true);
  });
});

describe("a callSoon callback with several arguments", () => {
  it("gets them all, and an error it throws goes to the exception handler naming it", () => {
    const loop = new TestLoop();
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => contexts.push(ctx));
    const got: unknown[] = [];
    const err = new Error("two args failed");
    loop.callSoon(
      function pair(a: number, b: string) {
        got.push(a, b);
        throw err;
      },
      1,
      "b",
    );
    let after = 0;
    loop.callSoon(() => after++);
    loop.runUntilIdle();
    expect(got).toEqual([1, "b"]);
    expect(after).toBe(1);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.message).toBe("Exception in callback pair()");
    expect(contexts[0]!.exception).toBe(err);
    expect(String(contexts[0]!.handle)).toBe("<Handle pair()>");
  });
});
