import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { Queue, QueueEmpty, QueueFull } from "@aio/queue";
import type { Task } from "@aio/task";
import { STYLES, outcome, sleep, tick, type Style } from "./helpers.js";

function getter<T>(loop: TestLoop, style: Style, q: Queue<T>, log: string[], name: string): Task<T> {
  if (style === "generator") {
    return loop.createTask(function* (): Coroutine<T> {
      const v = yield* q.get();
      log.push(`${name} got ${String(v)}`);
      return v;
    });
  }
  return loop.createTask(async () => {
    const v = await q.get();
    log.push(`${name} got ${String(v)}`);
    return v;
  });
}

function putter<T>(loop: TestLoop, style: Style, q: Queue<T>, log: string[], item: T): Task<void> {
  if (style === "generator") {
    return loop.createTask(function* (): Coroutine<void> {
      yield* q.put(item);
      log.push(`put ${String(item)}`);
    });
  }
  return loop.createTask(async () => {
    await q.put(item);
    log.push(`put ${String(item)}`);
  });
}

describe("Queue", () => {
  it("checks maxsize", () => {
    expect(() => new Queue("1" as unknown as number)).toThrow(new TypeError('Queue(maxsize): expected a number, got "1" (string)'));
    expect(() => new Queue(Number.NaN)).toThrow(new RangeError("Queue(maxsize): expected a number, got NaN"));
  });

  it("reports size, emptiness and fullness; 0 or less is unbounded", () => {
    const q = new Queue<number>(2);
    expect([q.maxsize, q.qsize(), q.empty(), q.full()]).toEqual([2, 0, true, false]);
    q.putNowait(1);
    q.putNowait(2);
    expect([q.qsize(), q.empty(), q.full()]).toEqual([2, false, true]);
    expect(() => q.putNowait(3)).toThrow(QueueFull);
    for (const unbounded of [new Queue(), new Queue(0), new Queue(-1)]) {
      for (let i = 0; i < 1000; i++) unbounded.putNowait(i);
      expect(unbounded.full()).toBe(false);
    }
    expect(new Queue().maxsize).toBe(0);
  });

  it("a fractional maxsize means full once qsize >= maxsize, as in asyncio (test_float_maxsize)", () => {
    const q = new Queue(1.3);
    q.putNowait(1);
    q.putNowait(2);
    expect(q.full()).toBe(true);
    expect(() => q.putNowait(3)).toThrow(QueueFull);
  });

  it("gets items first in, first out; getNowait() on an empty queue throws QueueEmpty", () => {
    const q = new Queue<number>();
    for (const i of [1, 3, 2]) q.putNowait(i);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([1, 3, 2]);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    expect(new QueueEmpty().name).toBe("QueueEmpty");
    expect(new QueueFull().name).toBe("QueueFull");
  });

  it("keeps order through many wrap-arounds of its ring buffer", () => {
    const q = new Queue<number>();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < round * 3; i++) q.putNowait(next++);
      for (let i = 0; i < round * 2; i++) expect(q.getNowait()).toBe(expected++);
    }
    while (!q.empty()) expect(q.getNowait()).toBe(expected++);
    expect(expected).toBe(next);
  });

  it("shows its state: maxsize, qsize, waiting getters and putters, unfinished tasks, shutdown", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>(1);
    expect(String(q)).toBe("<Queue maxsize=1 qsize=0>");
    const g = loop.createTask(q.get());
    loop.runUntilIdle();
    expect(String(q)).toBe("<Queue maxsize=1 qsize=0 _getters[1]>");
    q.putNowait(1);
    loop.runUntilIdle();
    expect(g.result()).toBe(1);
    q.putNowait(2);
    loop.createTask(q.put(3));
    loop.runUntilIdle();
    expect(String(q)).toBe("<Queue maxsize=1 qsize=1 _putters[1] tasks=2>");
    q.shutdown(true);
    loop.runUntilIdle();
    expect(String(q)).toBe("<Queue maxsize=1 qsize=0 tasks=1 shutdown>");
  });

  it("a user subclass shows its own name; ours keep theirs even if a bundler renames the class", () => {
    class JobQueue extends Queue<number> {}
    expect(String(new JobQueue(2))).toBe("<JobQueue maxsize=2 qsize=0>");
    expect(() => new JobQueue("x" as never)).toThrow('JobQueue(maxsize): expected a number, got "x" (string)');
    Object.defineProperty(Queue, "name", { value: "_Queue", configurable: true });
    try {
      expect(String(new Queue())).toBe("<Queue maxsize=0 qsize=0>");
    } finally {
      Object.defineProperty(Queue, "name", { value: "Queue", configurable: true });
    }
  });

  it("put() and get() that need not wait return at once, without a loop", () => {
    const q = new Queue<string>(1);
    expect(q.put("a")[Symbol.iterator]().next()).toEqual({ done: true, value: undefined });
    expect(q.get()[Symbol.iterator]().next()).toEqual({ done: true, value: "a" });
  });

  it("a put() or get() that is never awaited does nothing", () => {
    const q = new Queue<string>();
    void q.put("a");
    expect(q.qsize()).toBe(0);
    q.putNowait("b");
    void q.get();
    expect(q.qsize()).toBe(1);
  });
});

describe.each(STYLES)("Queue with %s tasks", (style) => {
  it("a blocked get() gets the next item put, one iteration later", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    const log: string[] = [];
    const g = getter(loop, style, q, log, "g");
    loop.callLater(1, () => q.putNowait(7));
    expect(await loop.runUntilComplete(g)).toBe(7);
    expect(loop.time()).toBe(1);
  });

  it("blocked getters are served first come, first served", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    const log: string[] = [];
    ["A", "B", "C"].forEach((n) => getter(loop, style, q, log, n));
    await tick(loop, 2);
    expect(String(q)).toBe("<Queue maxsize=0 qsize=0 _getters[3]>");
    q.putNowait(1);
    q.putNowait(2);
    q.putNowait(3);
    await tick(loop, 3);
    expect(log).toEqual(["A got 1", "B got 2", "C got 3"]);
  });

  it("a blocked put() goes in when a get() makes room; putters go in order (test_get_with_waiting_putters)", async () => {
    const loop = new TestLoop();
    const q = new Queue<string>(1);
    const log: string[] = [];
    putter(loop, style, q, log, "a");
    putter(loop, style, q, log, "b");
    putter(loop, style, q, log, "c");
    await tick(loop, 2);
    expect(log).toEqual(["put a"]);
    expect(String(q)).toBe("<Queue maxsize=1 qsize=1 _putters[2] tasks=1>");
    const got: string[] = [];
    await loop.runUntilComplete(function* () {
      for (let i = 0; i < 3; i++) got.push(yield* q.get());
    });
    expect(got).toEqual(["a", "b", "c"]);
  });

  it("a getter cancelled before the put does not take the item (test_get_cancelled_race)", async () => {
    const loop = new TestLoop();
    const q = new Queue<string>();
    const log: string[] = [];
    const t1 = getter(loop, style, q, log, "t1");
    const t2 = getter(loop, style, q, log, "t2");
    await tick(loop, 2);
    t1.cancel();
    await tick(loop, 2);
    expect(t1.done()).toBe(true);
    q.putNowait("a");
    expect(await loop.runUntilComplete(t2)).toBe("a");
  });

  it("a getter woken for an item and then cancelled leaves the item for the next getter (no item lost)", async () => {
    // Actors: A and B wait. One item is put, which wakes A; A is cancelled before it runs.
    // Expected: A ends cancelled, B gets the item, the queue is empty.
    const loop = new TestLoop();
    const q = new Queue<number>();
    const log: string[] = [];
    const a = getter(loop, style, q, log, "A");
    const b = getter(loop, style, q, log, "B");
    await tick(loop, 2);
    q.putNowait(1);
    a.cancel();
    await tick(loop, 4);
    expect(outcome(a)).toBe("cancelled");
    expect(outcome(b)).toBe("result 1");
    expect(q.qsize()).toBe(0);
  });

  it("a single reader cancelled after two puts gets item 1 when it retries (test_get_cancel_drop_one_pending_reader)", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    const reader = getter(loop, style, q, [], "r");
    await tick(loop, 2);
    q.putNowait(1);
    q.putNowait(2);
    reader.cancel();
    await expect(loop.runUntilComplete(reader)).rejects.toBeInstanceOf(CancelledError);
    expect(await loop.runUntilComplete(q.get())).toBe(1);
    expect(q.qsize()).toBe(1);
  });

  it("three readers, two puts, one reader cancelled: the other two get both items (test_get_cancel_drop_many_pending_readers)", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    const log: string[] = [];
    const [r1, r2, r3] = ["r1", "r2", "r3"].map((n) => getter(loop, style, q, log, n));
    await tick(loop, 2);
    q.putNowait(1);
    q.putNowait(2);
    r1!.cancel();
    await loop.runUntilComplete(r3!);
    await loop.runUntilComplete(r2!);
    expect(outcome(r1!)).toBe("cancelled");
    expect(new Set([r2!.result(), r3!.result()])).toEqual(new Set([1, 2]));
  });

  it("a putter woken for a slot and then cancelled passes the slot to the next putter (test_put_cancel_drop)", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>(1);
    const log: string[] = [];
    q.putNowait(1);
    const w1 = putter(loop, style, q, log, 2);
    const w2 = putter(loop, style, q, log, 3);
    await tick(loop, 2);
    expect(q.getNowait()).toBe(1); // wakes w1
    w1.cancel();
    await tick(loop, 4);
    expect(outcome(w1)).toBe("cancelled");
    expect(outcome(w2)).toBe("result undefined");
    expect(q.getNowait()).toBe(3);
    expect(q.qsize()).toBe(0);
  });

  it("a cancelled putter puts nothing and leaves the line (test_put_cancelled_race)", async () => {
    const loop = new TestLoop();
    const q = new Queue<string>(1);
    const log: string[] = [];
    const a = putter(loop, style, q, log, "a");
    const b = putter(loop, style, q, log, "b");
    const x = putter(loop, style, q, log, "X");
    await tick(loop, 2);
    expect(a.done()).toBe(true);
    expect(b.done()).toBe(false);
    x.cancel();
    await tick(loop, 2);
    expect(x.done()).toBe(true);
    expect(q.getNowait()).toBe("a");
    await tick(loop, 2);
    expect(q.getNowait()).toBe("b");
    expect(q.qsize()).toBe(0);
    expect(String(q)).toBe("<Queue maxsize=1 qsize=0 tasks=2>");
  });

  it("a get() timed out by a timer leaves no getter behind (test_cancelled_getters_not_being_held_in_self_getters)", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>(5);
    const g = getter(loop, style, q, [], "g");
    loop.callLater(0.1, () => g.cancel());
    await expect(loop.runUntilComplete(g)).rejects.toBeInstanceOf(CancelledError);
    expect(String(q)).toBe("<Queue maxsize=5 qsize=0>");
  });

  it("a getter that was not woken but is cancelled does not pass a wake-up on", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    const log: string[] = [];
    const a = getter(loop, style, q, log, "A");
    const b = getter(loop, style, q, log, "B");
    await tick(loop, 2);
    a.cancel();
    await tick(loop, 3);
    expect(outcome(a)).toBe("cancelled");
    expect(outcome(b)).toBe("pending");
    expect(String(q)).toBe("<Queue maxsize=0 qsize=0 _getters[1]>");
  });

  it("producer and consumer through Queue(1) exchange every item in order (test_why_are_getters_waiting)", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>(1);
    const got: number[] = [];
    const producer = style === "generator"
      ? loop.createTask(function* () { for (let i = 0; i < 20; i++) yield* q.put(i); })
      : loop.createTask(async () => { for (let i = 0; i < 20; i++) await q.put(i); });
    const consumer = style === "generator"
      ? loop.createTask(function* () { for (let i = 0; i < 20; i++) got.push(yield* q.get()); })
      : loop.createTask(async () => { for (let i = 0; i < 20; i++) got.push(await q.get()); });
    await loop.runUntilComplete(consumer);
    await loop.runUntilComplete(producer);
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(String(q)).toBe("<Queue maxsize=1 qsize=0 tasks=20>");
  });

  it("many getters time out on an idle queue without the getter line growing", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    const holder = getter(loop, style, q, [], "first"); // stays at the head of the line
    for (let i = 0; i < 200; i++) {
      const g = getter(loop, style, q, [], `g${i}`);
      loop.callLater(0.5, () => g.cancel());
    }
    await loop.runUntilComplete(function* () { yield* sleep(1); });
    expect(String(q)).toBe("<Queue maxsize=0 qsize=0 _getters[1]>");
    q.putNowait(1);
    expect(await loop.runUntilComplete(holder)).toBe(1);
  });
});
