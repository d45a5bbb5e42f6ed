// Bad input, table by table: every public method and constructor of @aio/queue given wrong types,
// NaN, ±Infinity, negative numbers, objects that are not what it wants, and misuse (used after
// shutdown, more taskDone() than items, no running loop, a queue bound to another loop). A refused
// call fails where it is made (or, for the awaitables, when awaited), with the exact error class and
// a message that names the function and the argument (never an engine message). Where CPython
// accepts something, it is still accepted, and the row says what it does.
import { describe, expect, it } from "vitest";
import type { Awaitable } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { LifoQueue, PriorityQueue, Queue, QueueEmpty, QueueFull, QueueShutDown } from "@aio/queue";
import { errorOf, rejectionOf, type ErrorClass, type Refused, type Accepted } from "../../../tooling/config/bad-input.js";

/** A queue that was shut down (with `items` put before). */
function shutDown<Q extends { putNowait(item: number): void; shutdown(immediate?: boolean): void }>(q: Q, items: number[] = [], immediate = false): Q {
  for (const i of items) q.putNowait(i);
  q.shutdown(immediate);
  return q;
}

/** Runs `fn` as a task on a fresh loop. */
function inTask<T>(fn: () => Promise<T>): Promise<T> {
  return new TestLoop().runUntilComplete(fn);
}

/** `wait()` on a fresh loop makes the queue bind to it; then `wait()` on another loop is refused. */
async function waitOnTwoLoops(wait: () => Awaitable<unknown>): Promise<void> {
  const first = new TestLoop();
  const t = first.createTask(wait() as never);
  first.runUntilIdle();
  expect(t.done()).toBe(false);
  try {
    await new TestLoop().runUntilComplete(wait() as never);
  } finally {
    t.cancel();
    first.runUntilIdle();
  }
}

const refused: Refused[] = [
  // new Queue(maxsize = 0), new LifoQueue(maxsize = 0), new PriorityQueue(maxsize = 0, compare?)
  { call: 'new Queue("1")', run: () => new Queue("1" as never), error: TypeError, message: /^Queue\(maxsize\): expected a number, got "1" \(string\)$/ },
  { call: "new Queue(null)", run: () => new Queue(null as never), error: TypeError, message: /^Queue\(maxsize\): .*got null$/ },
  { call: "new Queue(1n)", run: () => new Queue(1n as never), error: TypeError, message: /^Queue\(maxsize\): .*got 1 \(bigint\)$/ },
  { call: "new Queue(NaN)", run: () => new Queue(NaN), error: RangeError, message: /^Queue\(maxsize\): expected a number, got NaN$/ },
  { call: 'new LifoQueue("x")', run: () => new LifoQueue("x" as never), error: TypeError, message: /^LifoQueue\(maxsize\): .*got "x" \(string\)$/ },
  { call: "new LifoQueue(NaN)", run: () => new LifoQueue(NaN), error: RangeError, message: /^LifoQueue\(maxsize\): expected a number, got NaN$/ },
  { call: "new PriorityQueue(NaN)", run: () => new PriorityQueue(NaN), error: RangeError, message: /^PriorityQueue\(maxsize\): expected a number, got NaN$/ },
  { call: "new PriorityQueue({})", run: () => new PriorityQueue({} as never), error: TypeError, message: /^PriorityQueue\(maxsize\): .*got Object \(object\)$/ },
  { call: "new PriorityQueue(0, 42)", run: () => new PriorityQueue(0, 42 as never), error: TypeError, message: /^PriorityQueue\(maxsize, compare\): expected a function or undefined, got 42 \(number\)$/ },
  { call: "new PriorityQueue(0, null)", run: () => new PriorityQueue(0, null as never), error: TypeError, message: /^PriorityQueue\(maxsize, compare\): .*got null$/ },
  // items the default order cannot compare (Python's TypeError for `<`)
  { call: "priorityQueue.putNowait({}) next to another {}", run: () => { const q = new PriorityQueue(); q.putNowait({}); q.putNowait({}); }, error: TypeError, message: /^PriorityQueue\.put\(item\): cannot order Object \(object\) and Object \(object\); pass a compare function$/ },
  { call: 'priorityQueue.putNowait("a") next to 1', run: () => { const q = new PriorityQueue<unknown>(); q.putNowait(1); q.putNowait("a"); }, error: TypeError, message: /^PriorityQueue\.put\(item\): cannot order "a" \(string\) and 1 \(number\)/ },
  { call: "priorityQueue.putNowait(Symbol()) next to 1", run: () => { const q = new PriorityQueue<unknown>(); q.putNowait(1); q.putNowait(Symbol("s")); }, error: TypeError, message: /^PriorityQueue\.put\(item\): cannot order Symbol\(s\) \(symbol\) and 1 \(number\)/ },
  // misuse: taskDone() without an item, a full or empty queue
  { call: "queue.taskDone() with nothing unfinished", run: () => new Queue().taskDone(), error: RangeError, message: /^taskDone\(\) called too many times$/ },
  { call: "queue.putNowait(x) when full", run: () => { const q = new Queue<number>(1); q.putNowait(1); q.putNowait(2); }, error: QueueFull, message: /^$/ },
  { call: "queue.getNowait() when empty", run: () => new Queue().getNowait(), error: QueueEmpty, message: /^$/ },
  // misuse: used after shutdown
  { call: "queue.putNowait(x) after shutdown()", run: () => shutDown(new Queue()).putNowait(1), error: QueueShutDown, message: /^Queue\.putNowait\(item\): the queue is shut down$/ },
  { call: "lifoQueue.putNowait(x) after shutdown()", run: () => shutDown(new LifoQueue()).putNowait(1), error: QueueShutDown, message: /^LifoQueue\.putNowait\(item\): the queue is shut down$/ },
  { call: "priorityQueue.putNowait(x) after shutdown()", run: () => shutDown(new PriorityQueue()).putNowait(1), error: QueueShutDown, message: /^PriorityQueue\.putNowait\(item\): the queue is shut down$/ },
  { call: "queue.getNowait() after shutdown(), once empty", run: () => shutDown(new Queue()).getNowait(), error: QueueShutDown, message: /^Queue\.getNowait\(\): the queue is shut down and empty$/ },
  { call: "queue.getNowait() after shutdown(true) dropped the items", run: () => shutDown(new Queue(), [1, 2], true).getNowait(), error: QueueShutDown, message: /^Queue\.getNowait\(\): the queue is shut down and empty$/ },
];

const rejected: Refused[] = [
  { call: "await priorityQueue.put({}) next to another {}", run: () => { const q = new PriorityQueue(); q.putNowait({}); return q.put({}); }, error: TypeError, message: /^PriorityQueue\.put\(item\): cannot order/ },
  // misuse: used after shutdown
  { call: "await queue.put(x) after shutdown()", run: () => shutDown(new Queue()).put(1), error: QueueShutDown, message: /^Queue\.put\(item\): the queue is shut down$/ },
  { call: "await queue.put(x) after shutdown(), on a full queue", run: () => shutDown(new Queue(1), [1]).put(2), error: QueueShutDown, message: /^Queue\.put\(item\): the queue is shut down$/ },
  { call: "await lifoQueue.put(x) after shutdown()", run: () => shutDown(new LifoQueue()).put(1), error: QueueShutDown, message: /^LifoQueue\.put\(item\): the queue is shut down$/ },
  { call: "await queue.get() after shutdown(), once empty", run: () => shutDown(new Queue()).get(), error: QueueShutDown, message: /^Queue\.get\(\): the queue is shut down and empty$/ },
  { call: "await priorityQueue.get() after shutdown(true)", run: () => shutDown(new PriorityQueue(), [3], true).get(), error: QueueShutDown, message: /^PriorityQueue\.get\(\): the queue is shut down and empty$/ },
  {
    call: "a getter waiting when shutdown() comes",
    run: () =>
      inTask(async () => {
        const q = new Queue<number>();
        const getting = q.get();
        const waited = Promise.resolve(getting).then(
          () => "got",
          (e: unknown) => e,
        );
        await Promise.resolve();
        q.shutdown();
        throw await waited;
      }),
    error: QueueShutDown,
    message: /^Queue\.get\(\): the queue is shut down and empty$/,
  },
  // misuse: no running loop, another loop
  { call: "await queue.get() on an empty queue with no running loop", run: () => new Queue().get(), error: Error, message: /^no running event loop$/ },
  { call: "await queue.put(x) on a full queue with no running loop", run: () => { const q = new Queue<number>(1); q.putNowait(1); return q.put(2); }, error: Error, message: /^no running event loop$/ },
  { call: "await queue.join() with unfinished items and no running loop", run: () => { const q = new Queue<number>(); q.putNowait(1); return q.join(); }, error: Error, message: /^no running event loop$/ },
  { call: "queue.get() on a second loop", run: () => { const q = new Queue(); return waitOnTwoLoops(() => q.get()); }, error: Error, message: /^<Queue maxsize=0 qsize=0 _getters\[1\]> is bound to a different event loop$/ },
  { call: "queue.put(x) on a second loop", run: () => { const q = new Queue<number>(1); q.putNowait(0); return waitOnTwoLoops(() => q.put(1)); }, error: Error, message: /^<Queue maxsize=1 qsize=1 _putters\[1\] tasks=1> is bound to a different event loop$/ },
];

const accepted: Accepted[] = [
  // maxsize: CPython's `0 < maxsize <= qsize()` rule, for any number
  { call: "new Queue(-1) is unbounded (CPython: maxsize <= 0)", run: () => { const q = new Queue<number>(-1); for (let i = 0; i < 100; i++) q.putNowait(i); expect(q.full()).toBe(false); } },
  { call: "new Queue(-Infinity) is unbounded", run: () => expect(new Queue(-Infinity).full()).toBe(false) },
  { call: "new Queue(Infinity) is never full", run: () => { const q = new Queue<number>(Infinity); q.putNowait(1); expect(q.full()).toBe(false); expect(q.maxsize).toBe(Infinity); } },
  { call: "new Queue(1.5) holds 2 items, as CPython's qsize() >= maxsize", run: () => { const q = new Queue<number>(1.5); q.putNowait(1); expect(q.full()).toBe(false); q.putNowait(2); expect(q.full()).toBe(true); } },
  { call: "new Queue() and new Queue(undefined) are unbounded", run: () => { expect(new Queue().maxsize).toBe(0); expect(new Queue(undefined).maxsize).toBe(0); } },
  { call: "new PriorityQueue(0, undefined) uses Python's order", run: () => { const q = new PriorityQueue<number[]>(0, undefined); q.putNowait([2]); q.putNowait([1, 9]); expect(q.getNowait()).toEqual([1, 9]); } },
  // shutdown(immediate): read by truthiness, as CPython
  { call: 'queue.shutdown("yes") drops the items (truthy, as CPython)', run: () => { const q = new Queue<number>(); q.putNowait(1); q.shutdown("yes" as never); expect(q.qsize()).toBe(0); } },
  { call: "queue.shutdown(0) keeps them", run: () => { const q = new Queue<number>(); q.putNowait(1); q.shutdown(0 as never); expect(q.getNowait()).toBe(1); } },
  { call: "queue.shutdown() twice is fine", run: () => { const q = new Queue(); q.shutdown(); q.shutdown(true); } },
  { call: "queue.getNowait() after shutdown() still drains what is left", run: () => expect(shutDown(new Queue(), [7]).getNowait()).toBe(7) },
  { call: "queue.taskDone() after shutdown() for an item taken before", run: () => { const q = new Queue<number>(); q.putNowait(1); q.getNowait(); q.shutdown(); q.taskDone(); } },
  // items: anything, even undefined and promises (handed over as they are)
  { call: "queue.putNowait(undefined / NaN / a promise) are items", run: async () => { const q = new Queue<unknown>(); const p = Promise.resolve(1); for (const x of [undefined, NaN, p]) q.putNowait(x); expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([undefined, NaN, p]); } },
  { call: "a queue used without waiting works from any loop (it binds only when it waits)", run: async () => { const q = new Queue<number>(); for (const loop of [new TestLoop(), new TestLoop()]) await loop.runUntilComplete(async () => { await q.put(1); expect(await q.get()).toBe(1); }); } },
];

describe("@aio/queue: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/queue: misuse surfaces when the awaitable is awaited", () => {
  it.each(rejected)("$call", async ({ run, error, message }) => {
    const e = await rejectionOf(async () => await (run() as PromiseLike<unknown>));
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/queue: accepted input keeps working", () => {
  it.each(accepted)("$call", async ({ run }) => {
    await run();
  });
});
