// Bad input, table by table: every public function, method and constructor of @aio/combinators
// given wrong types, NaN, ±Infinity, objects that are not what it wants, and misuse (no loop, no
// task, foreign loop, a block entered twice). A refused call fails where it is made, with the exact
// error class and a message that names the function and the argument (never an engine message).
// Where CPython accepts something, it is still accepted, and the row says what it does.
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, TimeoutError, getRunningLoop, setEventLoop, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import {
  ALL_COMPLETED,
  ExceptionGroup,
  FIRST_COMPLETED,
  TaskGroup,
  Timeout,
  asCompleted,
  fromPromise,
  gather,
  shield,
  sleep,
  taskGroup,
  timeout,
  timeoutAt,
  wait,
  waitFor,
} from "@aio/combinators";
import { run } from "./helpers.js";
import { errorOf, rejectionOf, type ErrorClass, type Refused, type Accepted } from "../../../tooling/config/bad-input.js";

// eslint-disable-next-line require-yield
function* body(): Coroutine<number> {
  return 1;
}
const loop = new TestLoop();
const other = new TestLoop();
const fut = (l = loop): Future<number> => new Future<number>({ loop: l });
const eg = new ExceptionGroup("failures", [new TypeError("t"), new RangeError("r")]);
const noProto = Object.create(null) as object;

afterEach(() => setEventLoop(null));

const refused: Refused[] = [
  // sleep(delay, result?)
  { call: "sleep(NaN)", run: () => sleep(NaN), error: RangeError, message: /^sleep\(delay\): expected a number of seconds, got NaN$/ },
  { call: 'sleep("1")', run: () => sleep("1" as never), error: TypeError, message: /^sleep\(delay\): expected a number of seconds, got "1" \(string\)$/ },
  { call: "sleep(null)", run: () => sleep(null as never), error: TypeError, message: /^sleep\(delay\): .*got null$/ },
  { call: "sleep(undefined)", run: () => sleep(undefined as never), error: TypeError, message: /^sleep\(delay\): .*got undefined$/ },
  { call: "sleep(1n)", run: () => sleep(1n as never), error: TypeError, message: /^sleep\(delay\): .*got 1 \(bigint\)$/ },
  // gather(aws, options?)
  { call: "gather(42)", run: () => gather(42 as never), error: TypeError, message: /^gather\(aws\): expected an array \(or iterable\) of awaitables, got 42 \(number\)$/ },
  { call: "gather(a future) (one awaitable, not a list)", run: () => gather(fut() as never), error: TypeError, message: /^gather\(aws\): .*got a single awaitable <Future pending>$/ },
  { call: "gather([42])", run: () => gather([42 as never]), error: TypeError, message: /^gather\(aws\[0\]\): expected a future, task, coroutine, coroutine function or PromiseLike, got 42 \(number\)$/ },
  { call: "gather([fut, null])", run: () => gather([fut(), null as never]), error: TypeError, message: /^gather\(aws\[1\]\): .*got null$/ },
  { call: "gather([fut], 42)", run: () => gather([fut()], 42 as never), error: TypeError, message: /^gather\(aws, options\): expected \{ returnExceptions\? \}, got 42 \(number\)$/ },
  { call: "gather([fut], null)", run: () => gather([fut()], null as never), error: TypeError, message: /^gather\(aws, options\): .*got null$/ },
  { call: "gather([futOfA, futOfB]) (two loops)", run: () => gather([fut(), fut(other)]), error: RangeError, message: /^gather\(aws\): element 1 belongs to a different loop than element 0$/ },
  { call: "gather([g]) with no loop running or set", run: () => gather([body]), error: Error, message: /no current event loop/ },
  // wait(aws, options?)
  { call: "wait(42)", run: () => wait(42 as never), error: TypeError, message: /^wait\(aws\): expected an array \(or iterable\) of awaitables, got 42 \(number\)$/ },
  { call: "wait([])", run: () => wait([]), error: RangeError, message: /^wait\(aws\): expected at least one future or task, got an empty collection$/ },
  { call: "wait([42])", run: () => wait([42 as never]), error: TypeError, message: /^wait\(aws\): expected futures or tasks, got 42 \(number\)$/ },
  { call: "wait([a coroutine])", run: () => wait([body() as never]), error: TypeError, message: /^wait\(aws\): passing coroutines is forbidden/ },
  { call: "wait([fut], 42)", run: () => wait([fut()], 42 as never), error: TypeError, message: /^wait\(aws, options\): expected \{ timeout\?, returnWhen\? \}, got 42 \(number\)$/ },
  { call: 'wait([fut], { returnWhen: "FIRST" })', run: () => wait([fut()], { returnWhen: "FIRST" as never }), error: RangeError, message: /^wait\(aws, \{ returnWhen \}\): expected FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got "FIRST" \(string\)$/ },
  { call: "wait([fut], { timeout: NaN })", run: () => wait([fut()], { timeout: NaN }), error: RangeError, message: /^wait\(timeout\): expected a number of seconds, got NaN$/ },
  { call: 'wait([fut], { timeout: "1" })', run: () => wait([fut()], { timeout: "1" as never }), error: TypeError, message: /^wait\(timeout\): .*got "1" \(string\)$/ },
  // waitFor(aw, seconds)
  { call: "waitFor(42, 1)", run: () => waitFor(42 as never, 1), error: TypeError, message: /^waitFor\(aw\): expected a future, task, coroutine, coroutine function or PromiseLike, got 42 \(number\)$/ },
  { call: "waitFor(fut, NaN)", run: () => waitFor(fut(), NaN), error: RangeError, message: /^waitFor\(seconds\): expected a number of seconds, got NaN$/ },
  { call: 'waitFor(fut, "1")', run: () => waitFor(fut(), "1" as never), error: TypeError, message: /^waitFor\(seconds\): .*got "1" \(string\)$/ },
  // shield(aw)
  { call: "shield(42)", run: () => shield(42 as never), error: TypeError, message: /^shield\(aw\): expected a future, task, coroutine, coroutine function or PromiseLike, got 42 \(number\)$/ },
  { call: "shield(null)", run: () => shield(null as never), error: TypeError, message: /^shield\(aw\): .*got null$/ },
  { call: "shield(g) with no loop running or set", run: () => shield(body), error: Error, message: /no current event loop/ },
  // asCompleted(aws, options?)
  { call: "asCompleted(42)", run: () => asCompleted(42 as never), error: TypeError, message: /^asCompleted\(aws\): expected an array \(or iterable\) of awaitables, got 42 \(number\)$/ },
  { call: "asCompleted([fut, 42]) (was ensureFuture's message)", run: () => asCompleted([fut(), 42 as never]), error: TypeError, message: /^asCompleted\(aws\[1\]\): expected a future, task, coroutine, coroutine function or PromiseLike, got 42 \(number\)$/ },
  { call: "asCompleted([], 42)", run: () => asCompleted([], 42 as never), error: TypeError, message: /^asCompleted\(aws, options\): expected \{ timeout\? \}, got 42 \(number\)$/ },
  { call: "asCompleted([], { timeout: NaN })", run: () => asCompleted([], { timeout: NaN }), error: RangeError, message: /^asCompleted\(timeout\): expected a number of seconds, got NaN$/ },
  { call: "asCompleted([], { timeout: {} })", run: () => asCompleted([], { timeout: {} as never }), error: TypeError, message: /^asCompleted\(timeout\): .*got Object \(object\)$/ },
  // timeout(delay, body), timeoutAt(when, body), Timeout
  { call: "timeout(NaN, body)", run: () => timeout(NaN, body), error: RangeError, message: /^timeout\(delay\): expected a number of seconds, got NaN$/ },
  { call: 'timeout("1", body)', run: () => timeout("1" as never, body), error: TypeError, message: /^timeout\(delay\): expected a number of seconds, null or undefined, got "1" \(string\)$/ },
  { call: "timeout(1, 42) (even outside a loop, the argument comes first)", run: () => timeout(1, 42 as never), error: TypeError, message: /^timeout\(body\): expected a generator function or async function, got 42 \(number\)$/ },
  { call: "timeout(1, body) with no running loop", run: () => timeout(1, body), error: Error, message: /^no running event loop$/ },
  { call: "timeoutAt(NaN, body)", run: () => timeoutAt(NaN, body), error: RangeError, message: /^timeoutAt\(when\): expected a number of seconds, got NaN$/ },
  { call: "timeoutAt(1, null)", run: () => timeoutAt(1, null as never), error: TypeError, message: /^timeoutAt\(body\): .*got null$/ },
  { call: "timeoutAt(Symbol(), body)", run: () => timeoutAt(Symbol("s") as never, body), error: TypeError, message: /^timeoutAt\(when\): .*got Symbol\(s\) \(symbol\)$/ },
  { call: "new Timeout(NaN) (was accepted)", run: () => new Timeout(NaN), error: RangeError, message: /^Timeout\(when\): expected a number of seconds, got NaN$/ },
  { call: 'new Timeout("x")', run: () => new Timeout("x" as never), error: TypeError, message: /^Timeout\(when\): .*got "x" \(string\)$/ },
  { call: "new Timeout(1).reschedule(2) before it is entered", run: () => new Timeout(1).reschedule(2), error: Error, message: /^Timeout has not been entered$/ },
  // taskGroup(body), TaskGroup
  { call: "taskGroup(42)", run: () => taskGroup(42 as never), error: TypeError, message: /^taskGroup\(body\): expected a generator function or async function, got 42 \(number\)$/ },
  { call: "taskGroup(a coroutine instead of its function)", run: () => taskGroup(body() as never), error: TypeError, message: /^taskGroup\(body\): .*got a coroutine \(generator object\)$/ },
  { call: "new TaskGroup() with no running loop", run: () => new TaskGroup(), error: Error, message: /^no running event loop$/ },
  {
    call: "new TaskGroup() in a loop callback (not a task)",
    run: () => {
      let error: unknown;
      loop.callSoon(() => {
        try {
          new TaskGroup();
        } catch (e) {
          error = e;
        }
      });
      loop.runUntilIdle();
      throw error;
    },
    error: Error,
    message: /^TaskGroup should be used inside a task$/,
  },
  // ExceptionGroup(message, exceptions), split(predicate)
  { call: "new ExceptionGroup(42, [e])", run: () => new ExceptionGroup(42 as never, [new Error("e")]), error: TypeError, message: /^ExceptionGroup\(message, exceptions\): expected a string message, got 42 \(number\)$/ },
  { call: "new ExceptionGroup(undefined, [e])", run: () => new ExceptionGroup(undefined as never, [new Error("e")]), error: TypeError, message: /^ExceptionGroup\(message, exceptions\): .*got undefined$/ },
  { call: 'new ExceptionGroup("m", 42)', run: () => new ExceptionGroup("m", 42 as never), error: TypeError, message: /^ExceptionGroup\(message, exceptions\): expected an array of errors, got 42 \(number\)$/ },
  { call: 'new ExceptionGroup("m", "ab")', run: () => new ExceptionGroup("m", "ab" as never), error: TypeError, message: /^ExceptionGroup\(message, exceptions\): .*got "ab" \(string\)$/ },
  { call: 'new ExceptionGroup("m", [])', run: () => new ExceptionGroup("m", []), error: RangeError, message: /^ExceptionGroup\(message, exceptions\): expected at least one error, got none$/ },
  { call: "eg.split(42) (was an engine message)", run: () => eg.split(42 as never), error: TypeError, message: /^ExceptionGroup\.split\(predicate\): expected a function or an Error class, got 42 \(number\)$/ },
  { call: "eg.split(null)", run: () => eg.split(null as never), error: TypeError, message: /^ExceptionGroup\.split\(predicate\): .*got null$/ },
  { call: 'eg.split("TypeError")', run: () => eg.split("TypeError" as never), error: TypeError, message: /^ExceptionGroup\.split\(predicate\): .*got "TypeError" \(string\)$/ },
  // fromPromise(promise)
  { call: "fromPromise(42) (the argument before the loop)", run: () => fromPromise(42 as never), error: TypeError, message: /^fromPromise\(promise\): expected a PromiseLike or a function returning one, got 42 \(number\)$/ },
  { call: "fromPromise(null)", run: () => fromPromise(null as never), error: TypeError, message: /^fromPromise\(promise\): .*got null$/ },
  { call: "fromPromise(p) with no running loop", run: () => fromPromise(Promise.resolve(1)), error: Error, message: /^no running event loop$/ },
];

/** A call made inside a task, within a timeout() block and a taskGroup() block (it gets both). */
interface RefusedInTask {
  call: string;
  run: (ctx: { t: Timeout; tg: TaskGroup }) => unknown;
  error: ErrorClass;
  message: RegExp;
}

const refusedInTask: RefusedInTask[] = [
  { call: "t.reschedule(NaN)", run: ({ t }) => t.reschedule(NaN), error: RangeError, message: /^Timeout\.reschedule\(when\): expected a number of seconds, got NaN$/ },
  { call: 't.reschedule("5")', run: ({ t }) => t.reschedule("5" as never), error: TypeError, message: /^Timeout\.reschedule\(when\): .*got "5" \(string\)$/ },
  { call: "tg.createTask(42)", run: ({ tg }) => tg.createTask(42 as never), error: TypeError, message: /^TaskGroup\.createTask\(coro\): a coroutine was expected, got 42 \(number\)$/ },
  { call: "tg.createTask(g, 42)", run: ({ tg }) => tg.createTask(body, 42 as never), error: TypeError, message: /^TaskGroup\.createTask\(options\): expected \{ name\?, context\? \}, got 42 \(number\)$/ },
  { call: "tg.createTask(g, null) (was an engine message)", run: ({ tg }) => tg.createTask(body, null as never), error: TypeError, message: /^TaskGroup\.createTask\(options\): .*got null$/ },
  { call: "fromPromise(() => 42)", run: () => fromPromise((() => 42) as never), error: TypeError, message: /^fromPromise\(promise\): the function must return a PromiseLike, got 42 \(number\)$/ },
];

/** Misuse that shows when the awaitable is awaited. */
const rejected: Refused[] = [
  { call: "await sleep(1) with no running loop", run: () => sleep(1), error: Error, message: /^no running event loop$/ },
  { call: "await sleep(0) with no running loop", run: () => sleep(0), error: Error, message: /^no running event loop$/ },
  { call: "await wait([fut]) with no running loop", run: () => wait([fut()]), error: Error, message: /^no running event loop$/ },
  { call: "await taskGroup(body) with no running loop", run: () => taskGroup(body), error: Error, message: /^no running event loop$/ },
  {
    call: "await the same timeout() block twice",
    run: () =>
      run(async () => {
        const block = timeout(1, body);
        await block;
        await block;
      }),
    error: Error,
    message: /^Timeout has already been entered$/,
  },
  {
    call: "tg.createTask(g) after the block ended",
    run: () =>
      run(async () => {
        let group!: TaskGroup;
        await taskGroup(async (tg) => {
          group = tg;
        });
        group.createTask(body);
      }),
    error: Error,
    message: /^TaskGroup <TaskGroup entered> is finished$/,
  },
];

const accepted: Accepted[] = [
  // delays: CPython's meaning for negative and infinite values
  { call: "sleep(-1) gives up one iteration, as sleep(0) (CPython: a negative delay means now)", run: () => run(function* () { const l = getRunningLoop(); yield* sleep(-1); expect(l.time()).toBe(0); }) },
  { call: "sleep(-Infinity) too", run: () => run(async () => { await sleep(-Infinity, "x").then((v) => expect(v).toBe("x")); }) },
  {
    call: "sleep(Infinity) sleeps until cancelled",
    run: () =>
      run(function* () {
        const t = createTask(function* () {
          yield* sleep(Infinity);
        });
        yield* sleep(3600);
        expect(t.done()).toBe(false);
        t.cancel();
        try {
          yield* t;
        } catch (e) {
          expect(e).toBeInstanceOf(CancelledError);
        }
      }),
  },
  { call: "waitFor(fut, -1) gives no time at all (TimeoutError unless already done)", run: () => run(async () => { await expect(waitFor(createTask(() => sleep(1)), -1)).rejects.toBeInstanceOf(TimeoutError); }) },
  { call: "waitFor(aw, null) and waitFor(aw, undefined) wait without a limit", run: () => run(async () => { expect(await waitFor(() => sleep(5, "a"), null)).toBe("a"); expect(await waitFor(() => sleep(5, "b"), undefined)).toBe("b"); }) },
  { call: "waitFor(aw, Infinity) waits without a limit", run: () => run(async () => expect(await waitFor(() => sleep(5, "c"), Infinity)).toBe("c")) },
  { call: "wait([t], { timeout: -1 }) returns at once", run: () => run(async () => { const t = createTask(() => sleep(1)); const [done, pending] = await wait([t], { timeout: -1 }); expect([done.size, pending.has(t)]).toEqual([0, true]); await t; }) },
  { call: "wait([t], { timeout: null, returnWhen: FIRST_COMPLETED })", run: () => run(async () => { const [done] = await wait([createTask(() => sleep(1))], { timeout: null, returnWhen: FIRST_COMPLETED }); expect(done.size).toBe(1); }) },
  { call: "timeout(-1, body) expires at once", run: () => run(async () => { await expect(timeout(-1, async () => sleep(1))).rejects.toBeInstanceOf(TimeoutError); }) },
  { call: "timeout(Infinity / null / undefined, body) has no deadline", run: () => run(async () => { for (const d of [Infinity, null, undefined]) expect(await timeout(d, async () => sleep(1, "ok"))).toBe("ok"); }) },
  { call: "t.reschedule(null / undefined / -Infinity) inside timeout()", run: () => run(async () => { await timeout(1, async (t) => { t.reschedule(null); t.reschedule(undefined); expect(t.when()).toBeNull(); }); }) },
  { call: "new Timeout(undefined) has no deadline; new Timeout(Infinity) never expires", run: () => { expect(new Timeout(undefined as never).when()).toBeNull(); expect(new Timeout(Infinity).when()).toBe(Infinity); } },
  { call: "gather([...], { returnExceptions: 1 }) puts errors in the results (truthy, as CPython)", run: () => run(async () => { const out = await gather([Promise.reject(new RangeError("x"))], { returnExceptions: 1 as never }); expect(out[0]).toBeInstanceOf(RangeError); }) },
  { call: "gather([...], { returnExceptions: 0 }) fails with the first error", run: () => run(async () => { await expect(gather([Promise.reject(new RangeError("x"))], { returnExceptions: 0 as never })).rejects.toBeInstanceOf(RangeError); }) },
  { call: "asCompleted([], { timeout: -1 }) yields nothing", run: () => run(async () => { expect([...asCompleted([], { timeout: -1 })]).toEqual([]); }) },
  { call: 'new ExceptionGroup("m", [42, "x"]) (JavaScript can throw anything)', run: () => expect(new ExceptionGroup("m", [42, "x"]).exceptions).toEqual([42, "x"]) },
  {
    call: "eg.split(TypeError) matches the instances of the class, as Python's split(type)",
    run: () => {
      const [match, rest] = eg.split(TypeError);
      expect(match?.exceptions.map((e) => (e as Error).message)).toEqual(["t"]);
      expect(rest?.exceptions.map((e) => (e as Error).message)).toEqual(["r"]);
    },
  },
  { call: "eg.split(Error) matches every Error", run: () => expect(eg.split(Error)[1]).toBeNull() },
  { call: "eg.split((e) => …) still takes a predicate", run: () => expect(eg.split((e) => e instanceof RangeError)[0]?.exceptions.length).toBe(1) },
  { call: "tg.createTask(g, { name: 42 }) names it \"42\"", run: () => run(async () => { await taskGroup(async (tg) => expect(tg.createTask(body, { name: 42 as never }).getName()).toBe("42")); }) },
  { call: "ALL_COMPLETED is accepted as returnWhen", run: () => run(async () => { const [done] = await wait([createTask(() => sleep(1))], { returnWhen: ALL_COMPLETED }); expect(done.size).toBe(1); }) },
  { call: "fromPromise(a foreign PromiseLike with only then)", run: () => run(function* () { expect(yield* fromPromise({ then: (f: (v: number) => void) => f(7) } as PromiseLike<number>)).toBe(7); }) },
  { call: "shield(a done future) returns it", run: () => { const f = fut(); f.setResult(1); expect(shield(f)).toBe(f); } },
  { call: "new ExceptionGroup with an Object.create(null) in it", run: () => expect(new ExceptionGroup("m", [noProto]).exceptions.length).toBe(1) },
];

describe("@aio/combinators: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/combinators: bad input is refused at the call, inside a task", () => {
  it.each(refusedInTask)("$call", async ({ run: call, error, message }) => {
    const e = (await run(async () => {
      let caught: unknown;
      await timeout(10, async (t) => {
        await taskGroup(async (tg) => {
          try {
            call({ t, tg });
          } catch (err) {
            caught = err;
          }
        });
      });
      return caught;
    })) as Error;
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/combinators: misuse surfaces when awaited", () => {
  it.each(rejected)("$call", async ({ run: call, error, message }) => {
    const e = await rejectionOf(async () => await (call() as PromiseLike<unknown>));
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/combinators: accepted input keeps working", () => {
  it.each(accepted)("$call", async ({ run: call }) => {
    await call();
  });
});
