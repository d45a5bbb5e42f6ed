import { describe, expect, it } from "vitest";
import { TestLoop } from "@aio/loop";
import { LifoQueue, PriorityQueue, Queue } from "@aio/queue";

describe("LifoQueue", () => {
  it("gets the newest item first (test_order)", () => {
    const q = new LifoQueue<number>();
    for (const i of [1, 3, 2]) q.putNowait(i);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([2, 3, 1]);
    expect(q).toBeInstanceOf(Queue);
    expect(String(q)).toBe("<LifoQueue maxsize=0 qsize=0 tasks=3>");
  });

  it("waits like a Queue: a blocked getter gets the next item", async () => {
    const loop = new TestLoop();
    const q = new LifoQueue<string>(2);
    const t = loop.createTask(q.get());
    loop.callLater(1, () => q.putNowait("x"));
    expect(await loop.runUntilComplete(t)).toBe("x");
  });
});

describe("PriorityQueue", () => {
  it("gets the smallest item first (test_order)", () => {
    const q = new PriorityQueue<number>();
    for (const i of [1, 3, 2]) q.putNowait(i);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([1, 2, 3]);
  });

  it("orders [priority, data] entries element by element, like Python tuples", () => {
    const q = new PriorityQueue<[number, string]>();
    const entries: [number, string][] = [[2, "b"], [1, "z"], [2, "a"], [0, "x"], [1, "y"]];
    for (const e of entries) q.putNowait(e);
    const out: [number, string][] = [];
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual([[0, "x"], [1, "y"], [1, "z"], [2, "a"], [2, "b"]]);
  });

  it("orders strings, bigints, booleans, Dates and shorter tuples first", () => {
    const s = new PriorityQueue<string>();
    for (const x of ["pear", "apple", "fig"]) s.putNowait(x);
    expect([s.getNowait(), s.getNowait(), s.getNowait()]).toEqual(["apple", "fig", "pear"]);
    const n = new PriorityQueue<bigint | number>();
    for (const x of [3n, 1, 2n]) n.putNowait(x);
    expect([n.getNowait(), n.getNowait(), n.getNowait()]).toEqual([1, 2n, 3n]);
    const d = new PriorityQueue<Date>();
    d.putNowait(new Date(2000, 1));
    d.putNowait(new Date(1990, 1));
    expect(d.getNowait().getFullYear()).toBe(1990);
    const t = new PriorityQueue<number[]>();
    t.putNowait([1, 2]);
    t.putNowait([1]);
    expect(t.getNowait()).toEqual([1]);
  });

  it("refuses items the default order cannot compare, leaving the queue unchanged", () => {
    const q = new PriorityQueue<unknown>();
    q.putNowait({ id: 1 });
    expect(() => q.putNowait({ id: 2 })).toThrow(new TypeError("PriorityQueue.put(item): cannot order Object (object) and Object (object); pass a compare function"));
    expect(q.qsize()).toBe(1);
    expect(String(q)).toBe("<PriorityQueue maxsize=0 qsize=1 tasks=1>");
  });

  it("uses the compare function it is given (a difference from asyncio)", () => {
    const q = new PriorityQueue<{ name: string; deadline: number }>(0, (a, b) => a.deadline - b.deadline);
    q.putNowait({ name: "late", deadline: 9 });
    q.putNowait({ name: "soon", deadline: 1 });
    q.putNowait({ name: "mid", deadline: 5 });
    expect([q.getNowait().name, q.getNowait().name, q.getNowait().name]).toEqual(["soon", "mid", "late"]);
    const max = new PriorityQueue<number>(0, (a, b) => b - a);
    for (const x of [2, 9, 4]) max.putNowait(x);
    expect(max.getNowait()).toBe(9);
  });

  it("refuses a compare that is not a function", () => {
    expect(() => new PriorityQueue(0, 5 as never)).toThrow(
      new TypeError("PriorityQueue(maxsize, compare): expected a function or undefined, got 5 (number)"),
    );
  });

  it("is a correct heap: random items come out sorted", () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 48271) % 2147483647) % 1000;
    const q = new PriorityQueue<number>();
    const all: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 50; i++) {
        const x = rnd();
        all.push(x);
        q.putNowait(x);
      }
      all.sort((a, b) => a - b);
      for (let i = 0; i < 25; i++) expect(q.getNowait()).toBe(all.shift());
    }
    while (!q.empty()) expect(q.getNowait()).toBe(all.shift());
    expect(all).toEqual([]);
  });
});
