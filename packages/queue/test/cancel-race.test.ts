// A cancel that races a wake-up: the queue wakes a waiting getter (an item arrived) or putter (a
// slot was freed) and, before that task runs, something cancels it. As in CPython, the
// CancelledError is thrown at the await and the operation leaves the queue as it found it: the
// item stays queued in its place (and the wake-up goes to the next getter), the cancelled put
// puts nothing (and the freed slot goes to the next putter). Each scenario runs in both coroutine
// styles, the whole program in one style, on a TestLoop driven by runUntilComplete, so
// async-function tasks step inside loop iterations exactly as they do in production.
//
// Every expected value is what CPython 3.13 prints for the same program.
import { describe, expect, it } from "vitest";
import { sleep } from "@aio/combinators";
import { TestLoop } from "@aio/loop";
import { LifoQueue, PriorityQueue, Queue } from "@aio/queue";
import { createTask } from "@aio/task";

/** Queue kinds and the order CPython drains 3, 1, 2 in after the race. */
const ORDERS = [
  ["Queue", () => new Queue<number>(), [3, 1, 2]],
  ["LifoQueue", () => new LifoQueue<number>(), [2, 1, 3]],
  ["PriorityQueue", () => new PriorityQueue<number>(), [1, 2, 3]],
] as const;

describe("cancel racing a wake-up, generator tasks", () => {
  it("Queue.get: the item stays in the queue, FIFO order kept (issue snippet)", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const q = new Queue<number>();
      const reader = createTask(q.get());
      yield* sleep(0);
      expect(String(q)).toBe("<Queue maxsize=0 qsize=0 _getters[1]>");
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      yield* sleep(0);
      yield* sleep(0);
      // CPython: True 2 1
      expect([reader.cancelled(), q.qsize(), q.getNowait()]).toEqual([true, 2, 1]);
      expect(q.getNowait()).toBe(2);
      expect(String(q)).toBe("<Queue maxsize=0 qsize=0 tasks=2>"); // nobody left in line
    });
  });

  it("Queue.get: the wake-up a cancelled getter was given goes to the next getter", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const q = new Queue<number>();
      const r1 = createTask(q.get());
      const r2 = createTask(q.get());
      yield* sleep(0);
      expect(String(q)).toBe("<Queue maxsize=0 qsize=0 _getters[2]>");
      q.putNowait(1);
      r1.cancel();
      yield* sleep(0);
      yield* sleep(0);
      // CPython: True 1 0 0
      expect(r1.cancelled()).toBe(true);
      expect(r2.result()).toBe(1);
      expect(q.qsize()).toBe(0);
      expect(String(q)).toBe("<Queue maxsize=0 qsize=0 tasks=1>");
    });
  });

  it.each(ORDERS)("%s.get: the items stay in the queue, in the queue's order", async (name, make, order) => {
    await new TestLoop().runUntilComplete(function* () {
      const q = make();
      const reader = createTask(q.get());
      yield* sleep(0);
      expect(String(q)).toBe(`<${name} maxsize=0 qsize=0 _getters[1]>`);
      q.putNowait(3);
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      yield* sleep(0);
      yield* sleep(0);
      expect(reader.cancelled()).toBe(true);
      expect(q.qsize()).toBe(3);
      expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual(order);
      expect(String(q)).toBe(`<${name} maxsize=0 qsize=0 tasks=3>`); // nobody left in line
    });
  });

  it("Queue.put on a full queue: a putter cancelled as a slot frees up puts nothing", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const q = new Queue<number>(1);
      q.putNowait(0);
      const w = createTask(q.put(5));
      yield* sleep(0);
      expect(String(q)).toBe("<Queue maxsize=1 qsize=1 _putters[1] tasks=1>");
      const got = q.getNowait();
      w.cancel();
      yield* sleep(0);
      yield* sleep(0);
      // CPython: 0 True 0 0 False
      expect(got).toBe(0);
      expect(w.cancelled()).toBe(true);
      expect(q.qsize()).toBe(0);
      expect(q.full()).toBe(false);
      expect(String(q)).toBe("<Queue maxsize=1 qsize=0 tasks=1>");
    });
  });

  it("Queue.put on a full queue: the slot a cancelled putter was given goes to the next putter", async () => {
    await new TestLoop().runUntilComplete(function* () {
      const q = new Queue<number>(1);
      q.putNowait(0);
      const w1 = createTask(q.put(5));
      const w2 = createTask(q.put(6));
      yield* sleep(0);
      expect(String(q)).toBe("<Queue maxsize=1 qsize=1 _putters[2] tasks=1>");
      const got = q.getNowait();
      w1.cancel();
      yield* sleep(0);
      yield* sleep(0);
      // CPython: 0 True None 1 6 0
      expect(got).toBe(0);
      expect(w1.cancelled()).toBe(true);
      expect(w2.done() && w2.exception()).toBe(null);
      expect(q.qsize()).toBe(1);
      expect(q.getNowait()).toBe(6);
      expect(String(q)).toBe("<Queue maxsize=1 qsize=0 tasks=2>");
    });
  });
});

describe("cancel racing a wake-up, async-function tasks", () => {
  it("Queue.get: the item stays in the queue, FIFO order kept (issue snippet)", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const q = new Queue<number>();
      const reader = createTask(async () => await q.get());
      await sleep(0);
      expect(String(q)).toBe("<Queue maxsize=0 qsize=0 _getters[1]>");
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      await sleep(0);
      await sleep(0);
      // CPython: True 2 1
      expect([reader.cancelled(), q.qsize(), q.getNowait()]).toEqual([true, 2, 1]);
      expect(q.getNowait()).toBe(2);
      expect(String(q)).toBe("<Queue maxsize=0 qsize=0 tasks=2>"); // nobody left in line
    });
  });

  it("Queue.get: the wake-up a cancelled getter was given goes to the next getter", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const q = new Queue<number>();
      const r1 = createTask(async () => await q.get());
      const r2 = createTask(async () => await q.get());
      await sleep(0);
      expect(String(q)).toBe("<Queue maxsize=0 qsize=0 _getters[2]>");
      q.putNowait(1);
      r1.cancel();
      await sleep(0);
      await sleep(0);
      // CPython: True 1 0 0
      expect(r1.cancelled()).toBe(true);
      expect(r2.result()).toBe(1);
      expect(q.qsize()).toBe(0);
      expect(String(q)).toBe("<Queue maxsize=0 qsize=0 tasks=1>");
    });
  });

  it.each(ORDERS)("%s.get: the items stay in the queue, in the queue's order", async (name, make, order) => {
    await new TestLoop().runUntilComplete(async () => {
      const q = make();
      const reader = createTask(async () => await q.get());
      await sleep(0);
      expect(String(q)).toBe(`<${name} maxsize=0 qsize=0 _getters[1]>`);
      q.putNowait(3);
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      await sleep(0);
      await sleep(0);
      expect(reader.cancelled()).toBe(true);
      expect(q.qsize()).toBe(3);
      expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual(order);
      expect(String(q)).toBe(`<${name} maxsize=0 qsize=0 tasks=3>`); // nobody left in line
    });
  });

  it("Queue.put on a full queue: a putter cancelled as a slot frees up puts nothing", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const q = new Queue<number>(1);
      q.putNowait(0);
      const w = createTask(async () => await q.put(5));
      await sleep(0);
      expect(String(q)).toBe("<Queue maxsize=1 qsize=1 _putters[1] tasks=1>");
      const got = q.getNowait();
      w.cancel();
      await sleep(0);
      await sleep(0);
      // CPython: 0 True 0 0 False
      expect(got).toBe(0);
      expect(w.cancelled()).toBe(true);
      expect(q.qsize()).toBe(0);
      expect(q.full()).toBe(false);
      expect(String(q)).toBe("<Queue maxsize=1 qsize=0 tasks=1>");
    });
  });

  it("Queue.put on a full queue: the slot a cancelled putter was given goes to the next putter", async () => {
    await new TestLoop().runUntilComplete(async () => {
      const q = new Queue<number>(1);
      q.putNowait(0);
      const w1 = createTask(async () => await q.put(5));
      const w2 = createTask(async () => await q.put(6));
      await sleep(0);
      expect(String(q)).toBe("<Queue maxsize=1 qsize=1 _putters[2] tasks=1>");
      const got = q.getNowait();
      w1.cancel();
      await sleep(0);
      await sleep(0);
      // CPython: 0 True None 1 6 0
      expect(got).toBe(0);
      expect(w1.cancelled()).toBe(true);
      expect(w2.done() && w2.exception()).toBe(null);
      expect(q.qsize()).toBe(1);
      expect(q.getNowait()).toBe(6);
      expect(String(q)).toBe("<Queue maxsize=1 qsize=0 tasks=2>");
    });
  });
});
