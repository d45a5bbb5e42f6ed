// Bad input, table by table: every public method and constructor of @aio/sync given wrong types,
// NaN, ±Infinity, negative numbers, objects that are not what it wants, and misuse (releasing what
// is not held, no running loop, a primitive bound to another loop, a broken barrier). A refused call
// fails where it is made, with the exact error class and a message that names the function and the
// argument (never an engine message). Where CPython accepts something, it is still accepted, and
// the row says what it does.
import { describe, expect, it } from "vitest";
import type { Awaitable, Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { Barrier, BoundedSemaphore, BrokenBarrierError, Condition, Event, Lock, Semaphore } from "@aio/sync";
import { sleep } from "./helpers.js";
import { errorOf, rejectionOf, type ErrorClass, type Refused, type Accepted } from "../../../tooling/config/bad-input.js";

// eslint-disable-next-line require-yield
function* body(): Coroutine<number> {
  return 1;
}
const held = (): Lock => {
  const lock = new Lock();
  lock.acquire()[Symbol.iterator]().next(); // taken, without a loop
  return lock;
};

/** `wait()` on a fresh loop makes the primitive bind to it; then `wait()` on another loop is refused. */
async function waitOnTwoLoops(wait: () => Awaitable<unknown>): Promise<void> {
  const first = new TestLoop();
  const t = first.createTask(wait());
  first.runUntilIdle();
  try {
    await new TestLoop().runUntilComplete(wait());
  } finally {
    t.cancel();
    first.runUntilIdle();
  }
}

/** Runs `fn` as a task on a fresh loop. */
function inTask<T>(fn: () => Promise<T>): Promise<T> {
  return new TestLoop().runUntilComplete(fn);
}

const refused: Refused[] = [
  // new Semaphore(value = 1), new BoundedSemaphore(value = 1)
  { call: "new Semaphore(-1)", run: () => new Semaphore(-1), error: RangeError, message: /^Semaphore\(value\): expected an integer >= 0, got -1 \(number\)$/ },
  { call: "new Semaphore(1.5)", run: () => new Semaphore(1.5), error: RangeError, message: /^Semaphore\(value\): .*got 1\.5 \(number\)$/ },
  { call: "new Semaphore(NaN)", run: () => new Semaphore(NaN), error: RangeError, message: /^Semaphore\(value\): .*got NaN \(number\)$/ },
  { call: "new Semaphore(Infinity)", run: () => new Semaphore(Infinity), error: RangeError, message: /^Semaphore\(value\): .*got Infinity \(number\)$/ },
  { call: "new Semaphore(-Infinity)", run: () => new Semaphore(-Infinity), error: RangeError, message: /^Semaphore\(value\): .*got -Infinity \(number\)$/ },
  { call: 'new Semaphore("1")', run: () => new Semaphore("1" as never), error: TypeError, message: /^Semaphore\(value\): expected an integer >= 0, got "1" \(string\)$/ },
  { call: "new Semaphore(null)", run: () => new Semaphore(null as never), error: TypeError, message: /^Semaphore\(value\): .*got null$/ },
  { call: "new BoundedSemaphore(-1)", run: () => new BoundedSemaphore(-1), error: RangeError, message: /^BoundedSemaphore\(value\): expected an integer >= 0, got -1 \(number\)$/ },
  { call: 'new BoundedSemaphore("2")', run: () => new BoundedSemaphore("2" as never), error: TypeError, message: /^BoundedSemaphore\(value\): .*got "2" \(string\)$/ },
  // new Barrier(parties)
  { call: "new Barrier(0)", run: () => new Barrier(0), error: RangeError, message: /^Barrier\(parties\): expected an integer >= 1, got 0 \(number\)$/ },
  { call: "new Barrier(-1)", run: () => new Barrier(-1), error: RangeError, message: /^Barrier\(parties\): .*got -1 \(number\)$/ },
  { call: "new Barrier(2.5)", run: () => new Barrier(2.5), error: RangeError, message: /^Barrier\(parties\): .*got 2\.5 \(number\)$/ },
  { call: "new Barrier(NaN)", run: () => new Barrier(NaN), error: RangeError, message: /^Barrier\(parties\): .*got NaN \(number\)$/ },
  { call: "new Barrier(Infinity)", run: () => new Barrier(Infinity), error: RangeError, message: /^Barrier\(parties\): .*got Infinity \(number\)$/ },
  { call: 'new Barrier("3")', run: () => new Barrier("3" as never), error: TypeError, message: /^Barrier\(parties\): expected an integer >= 1, got "3" \(string\)$/ },
  { call: "new Barrier() (parties is required)", run: () => new (Barrier as unknown as new () => Barrier)(), error: TypeError, message: /^Barrier\(parties\): .*got undefined$/ },
  // new Condition(lock?)
  { call: "new Condition(42)", run: () => new Condition(42 as never), error: TypeError, message: /^Condition\(lock\): expected a Lock, null or undefined, got 42 \(number\)$/ },
  { call: "new Condition({})", run: () => new Condition({} as never), error: TypeError, message: /^Condition\(lock\): .*got Object \(object\)$/ },
  { call: "new Condition(new Semaphore())", run: () => new Condition(new Semaphore() as never), error: TypeError, message: /^Condition\(lock\): .*got <Semaphore \[unlocked, value:1\]>$/ },
  // use(body)
  { call: "lock.use(42)", run: () => new Lock().use(42 as never), error: TypeError, message: /^Lock\.use\(body\): expected a generator function or async function, got 42 \(number\)$/ },
  { call: "lock.use(a coroutine instead of its function)", run: () => new Lock().use(body() as never), error: TypeError, message: /^Lock\.use\(body\): .*got a coroutine \(generator object\)$/ },
  { call: "semaphore.use(null)", run: () => new Semaphore().use(null as never), error: TypeError, message: /^Semaphore\.use\(body\): .*got null$/ },
  { call: 'boundedSemaphore.use("x")', run: () => new BoundedSemaphore().use("x" as never), error: TypeError, message: /^BoundedSemaphore\.use\(body\): .*got "x" \(string\)$/ },
  { call: "condition.use({})", run: () => new Condition().use({} as never), error: TypeError, message: /^Condition\.use\(body\): .*got Object \(object\)$/ },
  // Condition.waitFor(predicate), notify(n)
  { call: "condition.waitFor(42)", run: () => new Condition().waitFor(42 as never), error: TypeError, message: /^Condition\.waitFor\(predicate\): expected a function, got 42 \(number\)$/ },
  { call: "condition.waitFor(true)", run: () => new Condition().waitFor(true as never), error: TypeError, message: /^Condition\.waitFor\(predicate\): .*got true \(boolean\)$/ },
  { call: 'condition.notify("1")', run: () => new Condition(held()).notify("1" as never), error: TypeError, message: /^Condition\.notify\(n\): expected a number, got "1" \(string\)$/ },
  { call: "condition.notify(null)", run: () => new Condition(held()).notify(null as never), error: TypeError, message: /^Condition\.notify\(n\): .*got null$/ },
  { call: "condition.notify(NaN)", run: () => new Condition(held()).notify(NaN), error: RangeError, message: /^Condition\.notify\(n\): expected a number, got NaN$/ },
  { call: "condition.notify(NaN) on an unlocked condition (the argument comes first)", run: () => new Condition().notify(NaN), error: RangeError, message: /^Condition\.notify\(n\): / },
  // misuse: releasing what is not held
  { call: "lock.release() when unlocked", run: () => new Lock().release(), error: Error, message: /^Lock is not acquired\.$/ },
  { call: "condition.release() when unlocked", run: () => new Condition().release(), error: Error, message: /^Lock is not acquired\.$/ },
  { call: "condition.notify() when unlocked", run: () => new Condition().notify(), error: Error, message: /^cannot notify on un-acquired lock$/ },
  { call: "condition.notifyAll() when unlocked", run: () => new Condition().notifyAll(), error: Error, message: /^cannot notify on un-acquired lock$/ },
  { call: "boundedSemaphore.release() above its initial value", run: () => new BoundedSemaphore(2).release(), error: RangeError, message: /^BoundedSemaphore released too many times$/ },
];

const rejected: Refused[] = [
  // misuse: waiting with no running loop
  { call: "await lock.acquire() on a held lock with no running loop", run: () => held().acquire(), error: Error, message: /^no running event loop$/ },
  { call: "await event.wait() with no running loop", run: () => new Event().wait(), error: Error, message: /^no running event loop$/ },
  { call: "await semaphore.acquire() with no permit and no running loop", run: () => new Semaphore(0).acquire(), error: Error, message: /^no running event loop$/ },
  { call: "await condition.wait() when unlocked", run: () => inTask(() => new Condition().wait() as unknown as Promise<true>), error: Error, message: /^cannot wait on un-acquired lock$/ },
  { call: "await condition.waitFor(() => false) when unlocked", run: () => inTask(() => new Condition().waitFor(() => false) as unknown as Promise<boolean>), error: Error, message: /^cannot wait on un-acquired lock$/ },
  // misuse: a primitive bound to another loop (CPython's _LoopBoundMixin)
  { call: "lock.acquire() on a second loop", run: () => { const l = held(); return waitOnTwoLoops(() => l.acquire()); }, error: Error, message: /^<Lock \[locked, waiters:1\]> is bound to a different event loop$/ },
  { call: "event.wait() on a second loop", run: () => { const e = new Event(); return waitOnTwoLoops(() => e.wait()); }, error: Error, message: /^<Event \[unset, waiters:1\]> is bound to a different event loop$/ },
  { call: "semaphore.acquire() on a second loop", run: () => { const s = new Semaphore(0); return waitOnTwoLoops(() => s.acquire()); }, error: Error, message: /^<Semaphore \[locked, waiters:1\]> is bound to a different event loop$/ },
  {
    call: "condition.wait() on a second loop",
    run: () => {
      const c = new Condition();
      return waitOnTwoLoops(() => c.use(function* () { yield* c.wait(); }));
    },
    error: Error,
    message: /^<Condition \[.*\]> is bound to a different event loop$/,
  },
  { call: "barrier.wait() on a second loop", run: () => { const b = new Barrier(3); return waitOnTwoLoops(() => b.wait()); }, error: Error, message: /^<Condition \[.*\]> is bound to a different event loop$/ },
  // misuse: a broken barrier
  {
    call: "barrier.wait() after abort()",
    run: () =>
      inTask(async () => {
        const b = new Barrier(2);
        await b.abort();
        await b.wait();
      }),
    error: BrokenBarrierError,
    message: /^Barrier aborted$/,
  },
];

const accepted: Accepted[] = [
  // Condition.notify(n): CPython wakes up to n, so 0 or less wakes none and Infinity all
  {
    call: "condition.notify(-1), notify(0) wake none; notify(Infinity) wakes all",
    run: () =>
      inTask(async () => {
        const c = new Condition();
        const woken: number[] = [];
        const waiters = [1, 2].map((i) => createTask(() => c.use(async () => {
          await c.wait();
          woken.push(i);
        })));
        await sleep(1); // both wait
        await c.use(async () => {
          c.notify(-1);
          c.notify(0);
        });
        await sleep(1);
        expect(woken).toEqual([]);
        await c.use(async () => c.notify(Infinity));
        for (const t of waiters) await t;
        expect(woken).toEqual([1, 2]);
      }),
  },
  { call: "new Semaphore(0) has no permit; new Semaphore() one", run: () => { expect(new Semaphore(0).locked()).toBe(true); expect(new Semaphore().locked()).toBe(false); } },
  { call: "new BoundedSemaphore(0) is allowed", run: () => expect(() => new BoundedSemaphore(0).release()).toThrow(RangeError) },
  { call: "new Condition(null) and new Condition(undefined) make their own Lock", run: () => { expect(new Condition(null).locked()).toBe(false); expect(new Condition(undefined).locked()).toBe(false); } },
  { call: "new Condition(aLock) shares it", run: () => { const l = held(); expect(new Condition(l).locked()).toBe(true); } },
  { call: "lock.use(a plain function) runs it (its value is the result)", run: () => inTask(async () => expect(await new Lock().use(() => 7 as never)).toBe(7)) },
  { call: "condition.waitFor(() => 0) keeps waiting for a truthy value, as CPython", run: () => inTask(async () => { const c = new Condition(); let n = 0; const got = c.use(async () => c.waitFor(() => n)); await c.use(async () => { n = 5; c.notifyAll(); }); expect(await got).toBe(5); }) },
  { call: "a primitive used without waiting works from any loop (it binds only when it waits)", run: async () => { const lock = new Lock(); for (const loop of [new TestLoop(), new TestLoop()]) await loop.runUntilComplete(function* () { yield* lock.acquire(); lock.release(); }); } },
  { call: "event.set() / clear() / isSet() need no loop", run: () => { const e = new Event(); e.set(); expect(e.isSet()).toBe(true); e.clear(); expect(e.isSet()).toBe(false); } },
];

describe("@aio/sync: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/sync: misuse surfaces when the awaitable is awaited", () => {
  it.each(rejected)("$call", async ({ run, error, message }) => {
    const e = await rejectionOf(async () => await (run() as PromiseLike<unknown>));
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/sync: accepted input keeps working", () => {
  it.each(accepted)("$call", async ({ run }) => {
    await run();
  });
});
