// Bad input, table by table: every public function, method and constructor of @aio/future given
// wrong types, NaN, ±Infinity, objects that are not what it wants, and misuse. A refused call fails
// where it is made, with the exact error class and a message that names the function and the
// argument (never an engine message). Where CPython accepts something, it is still accepted, and
// the row says what it does.
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, InvalidStateError, setEventLoop } from "@aio/core";
import { Future, _WaiterQueue, _Reaction, _hintMicrotasks, _reportUnretrieved, _setAwaitHook, wrapPromise } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { macrotask } from "./helpers.js";
import { errorOf, type ErrorClass, type Refused, type Accepted } from "../../../tooling/config/bad-input.js";

const loop = new TestLoop();
const other = new TestLoop();
const pending = (): Future<number> => new Future<number>({ loop });
const done = (): Future<number> => {
  const f = pending();
  f.setResult(1);
  return f;
};
const cancelled = (): Future<number> => {
  const f = pending();
  f.cancel();
  return f;
};
const noProto = Object.create(null) as object;
const resolved = Promise.resolve(1);

/** The message of the CancelledError a future cancelled with `msg` gives its reader. */
function cancelMessage(msg: unknown): string {
  const f = pending();
  expect(f.cancel(msg as string)).toBe(true);
  const e = errorOf(() => f.result());
  expect(e).toBeInstanceOf(CancelledError);
  return e.message;
}

afterEach(() => setEventLoop(null));

const refused: Refused[] = [
  // new Future(options?)
  { call: "new Future(42)", run: () => new Future(42 as never), error: TypeError, message: /^Future\(options\): expected \{ loop\? \}, got 42 \(number\)$/ },
  { call: "new Future(null)", run: () => new Future(null as never), error: TypeError, message: /^Future\(options\): .*got null$/ },
  { call: 'new Future("loop")', run: () => new Future("loop" as never), error: TypeError, message: /^Future\(options\): .*got "loop" \(string\)$/ },
  { call: "new Future(loop) (the loop given positionally)", run: () => new Future(loop as never), error: TypeError, message: /^Future\(options\): expected \{ loop\? \}, got <TestLoop/ },
  { call: "new Future({ loop: 42 })", run: () => new Future({ loop: 42 as never }), error: TypeError, message: /^Future\(options\.loop\): expected an EventLoop, got 42 \(number\)$/ },
  { call: "new Future({ loop: NaN })", run: () => new Future({ loop: NaN as never }), error: TypeError, message: /^Future\(options\.loop\): .*got NaN \(number\)$/ },
  { call: 'new Future({ loop: "x" })', run: () => new Future({ loop: "x" as never }), error: TypeError, message: /^Future\(options\.loop\): .*got "x" \(string\)$/ },
  { call: "new Future({ loop: {} })", run: () => new Future({ loop: {} as never }), error: TypeError, message: /^Future\(options\.loop\): .*got Object \(object\)$/ },
  { call: "new Future({ loop: Object.create(null) })", run: () => new Future({ loop: noProto as never }), error: TypeError, message: /^Future\(options\.loop\): .*got Object \(object\)$/ },
  { call: "new Future() with no loop running or set", run: () => new Future(), error: Error, message: /no current event loop/ },
  // setResult / setException / addDoneCallback
  { call: "fut.setException(undefined)", run: () => pending().setException(undefined), error: TypeError, message: /^Future\.setException\(error\): error must not be undefined$/ },
  { call: "fut.addDoneCallback(42)", run: () => pending().addDoneCallback(42 as never), error: TypeError, message: /^Future\.addDoneCallback\(fn\): expected a function, got 42 \(number\)$/ },
  { call: "fut.addDoneCallback(null)", run: () => pending().addDoneCallback(null as never), error: TypeError, message: /^Future\.addDoneCallback\(fn\): .*got null$/ },
  { call: "fut.addDoneCallback({})", run: () => pending().addDoneCallback({} as never), error: TypeError, message: /^Future\.addDoneCallback\(fn\): .*got Object \(object\)$/ },
  // misuse: the state
  { call: "fut.result() while pending", run: () => pending().result(), error: InvalidStateError, message: /^Result is not ready\.$/ },
  { call: "fut.exception() while pending", run: () => pending().exception(), error: InvalidStateError, message: /^Exception is not set\.$/ },
  { call: "fut.result() when cancelled", run: () => cancelled().result(), error: CancelledError, message: /^$/ },
  { call: "fut.exception() when cancelled", run: () => cancelled().exception(), error: CancelledError, message: /^$/ },
  { call: "fut.setResult(2) when done", run: () => done().setResult(2), error: InvalidStateError, message: /^finished: <Future finished result=1>$/ },
  { call: "fut.setException(e) when done", run: () => done().setException(new Error("x")), error: InvalidStateError, message: /^finished: <Future/ },
  { call: "fut.setResult(1) when cancelled", run: () => cancelled().setResult(1), error: InvalidStateError, message: /^cancelled: <Future cancelled>$/ },
  { call: "[...fut] on a pending future (no task drives it)", run: () => [...(pending() as unknown as Iterable<unknown>)], error: Error, message: /^await wasn't used with future$/ },
  // wrapPromise(promise, options?)
  { call: "wrapPromise(42)", run: () => wrapPromise(42 as never, { loop }), error: TypeError, message: /^wrapPromise\(promise\): expected a PromiseLike, got 42 \(number\)$/ },
  { call: "wrapPromise(null)", run: () => wrapPromise(null as never, { loop }), error: TypeError, message: /^wrapPromise\(promise\): .*got null$/ },
  { call: "wrapPromise({ then: 1 })", run: () => wrapPromise({ then: 1 } as never, { loop }), error: TypeError, message: /^wrapPromise\(promise\): .*got Object \(object\)$/ },
  { call: "wrapPromise(p, 42)", run: () => wrapPromise(resolved, 42 as never), error: TypeError, message: /^wrapPromise\(options\): expected \{ loop\? \}, got 42 \(number\)$/ },
  { call: "wrapPromise(p, null)", run: () => wrapPromise(resolved, null as never), error: TypeError, message: /^wrapPromise\(options\): .*got null$/ },
  { call: "wrapPromise(p, { loop: 42 }) (was accepted, then an uncaught TypeError)", run: () => wrapPromise(resolved, { loop: 42 as never }), error: TypeError, message: /^wrapPromise\(options\.loop\): expected an EventLoop, got 42 \(number\)$/ },
  { call: "wrapPromise(p, { loop: {} })", run: () => wrapPromise(resolved, { loop: {} as never }), error: TypeError, message: /^wrapPromise\(options\.loop\): .*got Object \(object\)$/ },
  { call: "wrapPromise(fut, { loop: 42 }) (checked even for a future)", run: () => wrapPromise(pending(), { loop: 42 as never }), error: TypeError, message: /^wrapPromise\(options\.loop\): / },
  { call: "wrapPromise(p) with no loop running or set", run: () => wrapPromise(resolved), error: Error, message: /no current event loop/ },
  // for task and primitive implementations
  { call: "_setAwaitHook(42)", run: () => _setAwaitHook(42 as never), error: TypeError, message: /^_setAwaitHook\(fn\): expected a function or null, got 42 \(number\)$/ },
  { call: "_setAwaitHook(undefined)", run: () => _setAwaitHook(undefined as never), error: TypeError, message: /^_setAwaitHook\(fn\): .*got undefined$/ },
  { call: "_hintMicrotasks(null)", run: () => _hintMicrotasks(null as never), error: TypeError, message: /^_hintMicrotasks\(loop\): expected an EventLoop, got null$/ },
  { call: "_hintMicrotasks(42)", run: () => _hintMicrotasks(42 as never), error: TypeError, message: /^_hintMicrotasks\(loop\): .*got 42 \(number\)$/ },
  { call: "_WaiterQueue.add(42)", run: () => new _WaiterQueue().add(42 as never), error: TypeError, message: /^_WaiterQueue\.add\(fut\): expected a future, got 42 \(number\)$/ },
  { call: "_WaiterQueue.add(null)", run: () => new _WaiterQueue().add(null as never), error: TypeError, message: /^_WaiterQueue\.add\(fut\): .*got null$/ },
  { call: "_WaiterQueue.add(a promise)", run: () => new _WaiterQueue().add(resolved as never), error: TypeError, message: /^_WaiterQueue\.add\(fut\): .*got Promise \(object\)$/ },
  { call: "_WaiterQueue.remove({})", run: () => new _WaiterQueue().remove({} as never), error: TypeError, message: /^_WaiterQueue\.remove\(fut\): .*got Object \(object\)$/ },
  { call: "_WaiterQueue.wakeUpTo(NaN)", run: () => new _WaiterQueue().wakeUpTo(NaN, 1), error: RangeError, message: /^_WaiterQueue\.wakeUpTo\(n\): expected a number of waiters, got NaN$/ },
  { call: '_WaiterQueue.wakeUpTo("2")', run: () => new _WaiterQueue().wakeUpTo("2" as never, 1), error: TypeError, message: /^_WaiterQueue\.wakeUpTo\(n\): .*got "2" \(string\)$/ },
  { call: "_WaiterQueue.wakeUpTo(undefined)", run: () => new _WaiterQueue().wakeUpTo(undefined as never, 1), error: TypeError, message: /^_WaiterQueue\.wakeUpTo\(n\): .*got undefined$/ },
];

const accepted: Accepted[] = [
  // cancel(msg): CPython takes any object; the message becomes a readable string
  { call: 'fut.cancel(Symbol("why")) cancels; the message is "Symbol(why)"', run: () => expect(cancelMessage(Symbol("why"))).toBe("Symbol(why)") },
  { call: 'fut.cancel(42) cancels; the message is "42"', run: () => expect(cancelMessage(42)).toBe("42") },
  { call: 'fut.cancel(NaN) cancels; the message is "NaN"', run: () => expect(cancelMessage(NaN)).toBe("NaN") },
  { call: 'fut.cancel(null) cancels with no message ("")', run: () => expect(cancelMessage(null)).toBe("") },
  { call: "fut.cancel(Object.create(null)) cancels, without throwing", run: () => expect(cancelMessage(noProto)).toBe("Object (object)") },
  { call: "fut.cancel(an object whose toString throws) cancels, without throwing", run: () => expect(cancelMessage({ toString() { throw new Error("no"); } })).toBe("Object (object)") },
  { call: "fut.cancel() when done returns false", run: () => expect(done().cancel(Symbol("late") as never)).toBe(false) },
  // results and errors: anything JavaScript can return or throw
  { call: "fut.setResult(undefined / Symbol / NaN) are results", run: () => { for (const v of [undefined, Symbol("s"), NaN]) { const f = pending(); f.setResult(v as never); expect(f.result()).toBe(v); } } },
  { call: "fut.setException(42) (JavaScript can throw anything)", run: () => { const f = pending(); f.setException(42); expect(f.exception()).toBe(42); } },
  { call: "fut.setException(TypeError) (a class) is instantiated, as in CPython", run: () => { const f = pending(); f.setException(TypeError); expect(f.exception()).toBeInstanceOf(TypeError); } },
  { call: "fut.removeDoneCallback(42) returns 0, as CPython", run: () => expect(pending().removeDoneCallback(42 as never)).toBe(0) },
  {
    call: 'fut.then(42, "x") ignores non-functions, as a Promise does',
    run: async () => {
      const f = done();
      expect(await (f.then(42 as never, "x" as never) as PromiseLike<number>)).toBe(1);
    },
  },
  // options
  { call: "new Future({ loop: null }) uses getEventLoop(), as CPython's loop=None", run: () => { setEventLoop(loop); expect(new Future({ loop: null as never }).getLoop()).toBe(loop); } },
  { call: "new Future({ loop: undefined }) and new Future({}) use getEventLoop()", run: () => { setEventLoop(loop); expect(new Future({ loop: undefined }).getLoop()).toBe(loop); expect(new Future({}).getLoop()).toBe(loop); } },
  {
    call: "new Future({ loop: closedLoop }) is accepted, as in CPython",
    run: () => {
      const closed = new TestLoop();
      closed.close();
      expect(new Future({ loop: closed }).getLoop()).toBe(closed);
    },
  },
  { call: "wrapPromise(p, { loop: null }) uses getEventLoop()", run: () => { setEventLoop(loop); expect(wrapPromise(resolved, { loop: null as never }).getLoop()).toBe(loop); } },
  { call: "wrapPromise(fut, { loop: otherLoop }) returns fut as it is (CPython's wrap_future)", run: () => { const f = pending(); expect(wrapPromise(f, { loop: other })).toBe(f); } },
  // for implementations
  { call: "_setAwaitHook(null) removes the hook", run: () => _setAwaitHook(null) },
  { call: "_hintMicrotasks(a loop) is accepted", run: () => _hintMicrotasks(loop) },
  {
    call: "_WaiterQueue.wakeUpTo(-1) wakes none, wakeUpTo(Infinity) all",
    run: () => {
      const q = new _WaiterQueue<number>();
      const [a, b] = [pending(), pending()];
      q.add(a);
      q.add(b);
      expect(q.wakeUpTo(-1, 1)).toBe(0);
      expect(q.wakeUpTo(Infinity, 1)).toBe(2);
    },
  },
  { call: "new _Reaction(42, null) ignores non-functions, as a Promise does", run: () => new _Reaction(42 as never, null)._fire(true, 1) },
  { call: "_reportUnretrieved(a loop with nothing to report) does nothing", run: () => _reportUnretrieved(new TestLoop()) },
];

describe("@aio/future: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/future: accepted input keeps working", () => {
  it.each(accepted)("$call", async ({ run }) => {
    await run();
  });
});

describe("wrapPromise() with a bad loop", () => {
  it("fails at the call, and nothing fails later when the promise settles", async () => {
    // Before: accepted; when the promise settled, `loop.isClosed is not a function` was thrown
    // from a promise reaction, an uncaught error that ended the process.
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      let settle!: (v: number) => void;
      const p = new Promise<number>((r) => (settle = r));
      expect(() => wrapPromise(p, { loop: 42 as never })).toThrow(new TypeError("wrapPromise(options.loop): expected an EventLoop, got 42 (number)"));
      settle(1);
      await macrotask();
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
