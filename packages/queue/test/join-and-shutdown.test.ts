import { describe, expect, it } from "vitest";
import type { Awaitable, Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { LifoQueue, PriorityQueue, Queue, QueueShutDown } from "@aio/queue";
import { STYLES, outcome, tick } from "./helpers.js";

const KINDS = [
  ["Queue", (maxsize?: number) => new Queue<string>(maxsize)],
  ["LifoQueue", (maxsize?: number) => new LifoQueue<string>(maxsize)],
  ["PriorityQueue", (maxsize?: number) => new PriorityQueue<string>(maxsize)],
] as const;

/** Runs `op` as a task to completion and returns "ok <value>" or the error's name. */
async function attempt(loop: TestLoop, op: () => Awaitable<unknown>): Promise<string> {
  try {
    return `ok ${String(await loop.runUntilComplete(op))}`;
  } catch (e) {
    return (e as Error).name;
  }
}

describe.each(KINDS)("%s join() and taskDone()", (_name, make) => {
  it("taskDone() with nothing unfinished throws RangeError", () => {
    expect(() => make().taskDone()).toThrow(new RangeError("taskDone() called too many times"));
  });

  it("join() on a queue with nothing unfinished returns at once, twice (test_join_empty_queue)", async () => {
    const q = make();
    expect(q.join()[Symbol.iterator]().next()).toEqual({ done: true, value: undefined });
    expect(q.join()[Symbol.iterator]().next()).toEqual({ done: true, value: undefined });
  });

  it("join() returns once every item put was marked done (test_task_done)", async () => {
    const loop = new TestLoop();
    const q = make();
    for (let i = 0; i < 100; i++) q.putNowait(String(i).padStart(3, "0"));
    let processed = 0;
    let running = true;
    const workers = [0, 1].map(() =>
      loop.createTask(function* () {
        while (running) {
          yield* q.get();
          processed++;
          q.taskDone();
        }
      }),
    );
    await loop.runUntilComplete(function* () {
      yield* q.join();
      expect(processed).toBe(100);
      running = false;
      for (const _ of workers) q.putNowait("stop");
    });
    for (const w of workers) await loop.runUntilComplete(w);
  });
});

describe.each(STYLES)("join() with %s tasks", (style) => {
  it("every joiner wakes when the count reaches zero; a cancelled joiner just stops waiting", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    q.putNowait(1);
    const joiner = () => (style === "generator" ? loop.createTask(q.join()) : loop.createTask(async () => q.join()));
    const [a, b, c] = [joiner(), joiner(), joiner()];
    await tick(loop, 2);
    c!.cancel();
    await tick(loop, 2);
    q.getNowait();
    q.taskDone();
    await tick(loop, 3);
    expect([a, b, c].map((t) => outcome(t!))).toEqual(["result undefined", "result undefined", "cancelled"]);
  });
});

describe.each(KINDS)("%s shutdown()", (name, make) => {
  it("of an empty queue wakes a blocked getter with QueueShutDown; puts and gets throw (test_shutdown_empty)", async () => {
    const loop = new TestLoop();
    const q = make();
    const get = loop.createTask(q.get());
    loop.runUntilIdle();
    q.shutdown();
    expect(String(q)).toBe(`<${name} maxsize=0 qsize=0 _getters[1] shutdown>`);
    expect(await attempt(loop, () => q.join())).toBe("ok undefined");
    await expect(loop.runUntilComplete(get)).rejects.toBeInstanceOf(QueueShutDown);
    expect(await attempt(loop, () => q.put("x"))).toBe("QueueShutDown");
    expect(() => q.putNowait("x")).toThrow(QueueShutDown);
    expect(await attempt(loop, () => q.get())).toBe("QueueShutDown");
    expect(() => q.getNowait()).toThrow(QueueShutDown);
    expect(String(q)).toBe(`<${name} maxsize=0 qsize=0 shutdown>`);
  });

  it("of a non-empty queue lets gets drain it first; blocked putters get QueueShutDown (test_shutdown_nonempty)", async () => {
    const loop = new TestLoop();
    const q = make(1);
    q.putNowait("data");
    const join = loop.createTask(q.join());
    const put = loop.createTask(q.put("data2"));
    loop.runUntilIdle();
    expect(put.done()).toBe(false);
    q.shutdown();
    expect(q.qsize()).toBe(1);
    await expect(loop.runUntilComplete(put)).rejects.toBeInstanceOf(QueueShutDown);
    expect(await attempt(loop, () => q.get())).toBe("ok data");
    loop.runUntilIdle();
    expect(join.done()).toBe(false);
    expect(await attempt(loop, () => q.put("x"))).toBe("QueueShutDown");
    expect(await attempt(loop, () => q.get())).toBe("QueueShutDown");
    q.taskDone();
    await loop.runUntilComplete(join);
    expect(() => q.taskDone()).toThrow(RangeError);
  });

  it("immediate drops the items, counts them done and releases join() (test_shutdown_immediate)", async () => {
    const loop = new TestLoop();
    const q = make();
    q.putNowait("data");
    const join = loop.createTask(q.join());
    q.shutdown(true);
    expect(q.qsize()).toBe(0);
    await loop.runUntilComplete(join);
    expect(await attempt(loop, () => q.get())).toBe("QueueShutDown");
    expect(() => q.taskDone()).toThrow(RangeError);
  });

  it("immediate with an item already taken leaves that one unfinished (test_shutdown_immediate_with_unfinished)", async () => {
    const loop = new TestLoop();
    const q = make();
    q.putNowait("data");
    q.putNowait("data");
    const join = loop.createTask(q.join());
    expect(await attempt(loop, () => q.get())).toBe("ok data");
    q.shutdown(true);
    expect(q.qsize()).toBe(0);
    loop.runUntilIdle();
    expect(join.done()).toBe(false);
    q.taskDone();
    expect(() => q.taskDone()).toThrow(RangeError);
    await loop.runUntilComplete(join);
  });
});

describe.each(STYLES)("shutdown() with %s tasks", (style) => {
  it("wakes every blocked getter and putter, which throw QueueShutDown", async () => {
    const loop = new TestLoop();
    const empty = new Queue<number>();
    const full = new Queue<number>(1);
    full.putNowait(0);
    const run = (op: () => PromiseLike<unknown> & Iterable<unknown>) =>
      style === "generator" ? loop.createTask(function* () { yield* op(); }) : loop.createTask(async () => { await op(); });
    const getters = [0, 1].map(() => run(() => empty.get()));
    const putters = [1, 2].map((i) => run(() => full.put(i)));
    await tick(loop, 2);
    empty.shutdown();
    full.shutdown();
    await tick(loop, 3);
    for (const t of [...getters, ...putters]) expect(t.exception()).toBeInstanceOf(QueueShutDown);
    expect(full.getNowait()).toBe(0);
  });

  it("a getter woken by a put but cancelled, then shutdown(true): nothing hangs, the item is dropped", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    const a = style === "generator" ? loop.createTask(q.get()) : loop.createTask(async () => q.get());
    const b = style === "generator" ? loop.createTask(q.get()) : loop.createTask(async () => q.get());
    await tick(loop, 2);
    q.putNowait(1);
    a.cancel();
    q.shutdown(true);
    await tick(loop, 4);
    expect(outcome(a)).toBe("cancelled");
    expect(outcome(b)).toBe("error QueueShutDown: Queue.get(): the queue is shut down and empty");
    expect(String(q)).toBe("<Queue maxsize=0 qsize=0 shutdown>");
  });
});
