// Bad input, table by table: every public function of @aio/core given wrong types, NaN, ±Infinity,
// objects that are not what it wants, and misuse. A refused call fails where it is made, with the
// exact error class and a message that names the function and the argument (never an engine
// message such as "x is not a function"). Where CPython accepts something, it is still accepted,
// and the row says what it does.
import { afterEach, describe, expect, it } from "vitest";
import {
  BrokenExecutorError,
  CancelledError,
  InvalidStateError,
  TimeoutError,
  _checkLoop,
  _checkOptions,
  _describe,
  _getRunningLoop,
  _isEventLoop,
  _isInTurn,
  _microtask,
  _setInTurn,
  _setRunningLoop,
  _toText,
  getEventLoop,
  getRunningLoop,
  isCoroutine,
  isCoroutineFunction,
  isFuture,
  setEventLoop,
} from "@aio/core";
import { TestLoop } from "@aio/loop";
import { errorOf, type ErrorClass, type Refused, type Accepted } from "../../../tooling/config/bad-input.js";

function closedLoop(): TestLoop {
  const loop = new TestLoop();
  loop.close();
  return loop;
}

/** A proxy whose every trap throws: the worst object a message could have to show. */
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error("trap");
    },
    getPrototypeOf() {
      throw new Error("trap");
    },
  },
);
const noProto = Object.create(null) as object;
const throwingToString = {
  toString(): string {
    throw new Error("no");
  },
};

afterEach(() => {
  setEventLoop(null);
  _setRunningLoop(null);
  _setInTurn(false);
});

const refused: Refused[] = [
  // setEventLoop(loop | null)
  { call: "setEventLoop(42)", run: () => setEventLoop(42 as never), error: TypeError, message: /^setEventLoop\(loop\): expected an EventLoop or null, got 42 \(number\)$/ },
  { call: "setEventLoop(undefined)", run: () => setEventLoop(undefined as never), error: TypeError, message: /^setEventLoop\(loop\): .*got undefined$/ },
  { call: "setEventLoop(NaN)", run: () => setEventLoop(NaN as never), error: TypeError, message: /^setEventLoop\(loop\): .*got NaN \(number\)$/ },
  { call: "setEventLoop(-Infinity)", run: () => setEventLoop(-Infinity as never), error: TypeError, message: /^setEventLoop\(loop\): .*got -Infinity \(number\)$/ },
  { call: 'setEventLoop("loop")', run: () => setEventLoop("loop" as never), error: TypeError, message: /^setEventLoop\(loop\): .*got "loop" \(string\)$/ },
  { call: "setEventLoop({})", run: () => setEventLoop({} as never), error: TypeError, message: /^setEventLoop\(loop\): .*got Object \(object\)$/ },
  { call: "setEventLoop({ callSoon }) (only part of a loop)", run: () => setEventLoop({ callSoon() {} } as never), error: TypeError, message: /^setEventLoop\(loop\): expected an EventLoop/ },
  { call: "setEventLoop(Object.create(null)) (was an engine message)", run: () => setEventLoop(noProto as never), error: TypeError, message: /^setEventLoop\(loop\): .*got Object \(object\)$/ },
  { call: 'setEventLoop(Symbol("x"))', run: () => setEventLoop(Symbol("x") as never), error: TypeError, message: /^setEventLoop\(loop\): .*got Symbol\(x\) \(symbol\)$/ },
  // _setRunningLoop(loop | null), _setInTurn(boolean)
  { call: "_setRunningLoop(42)", run: () => _setRunningLoop(42 as never), error: TypeError, message: /^_setRunningLoop\(loop\): expected an EventLoop or null, got 42 \(number\)$/ },
  { call: "_setRunningLoop({})", run: () => _setRunningLoop({} as never), error: TypeError, message: /^_setRunningLoop\(loop\): .*got Object \(object\)$/ },
  { call: "_setRunningLoop(undefined)", run: () => _setRunningLoop(undefined as never), error: TypeError, message: /^_setRunningLoop\(loop\): .*got undefined$/ },
  { call: '_setInTurn("yes")', run: () => _setInTurn("yes" as never), error: TypeError, message: /^_setInTurn\(inTurn\): expected a boolean, got "yes" \(string\)$/ },
  { call: "_setInTurn(1)", run: () => _setInTurn(1 as never), error: TypeError, message: /^_setInTurn\(inTurn\): expected a boolean, got 1 \(number\)$/ },
  { call: "_setInTurn(undefined)", run: () => _setInTurn(undefined as never), error: TypeError, message: /^_setInTurn\(inTurn\): .*got undefined$/ },
  // _microtask(fn): a promise reaction would drop a non-function silently
  { call: "_microtask(42)", run: () => _microtask(42 as never), error: TypeError, message: /^_microtask\(fn\): expected a function, got 42 \(number\)$/ },
  { call: "_microtask(null)", run: () => _microtask(null as never), error: TypeError, message: /^_microtask\(fn\): .*got null$/ },
  { call: "_microtask(a generator object)", run: () => _microtask((function* () {})() as never), error: TypeError, message: /^_microtask\(fn\): .*got a coroutine/ },
  // the shared checks other packages call
  { call: '_checkLoop("f", "options.loop", 42)', run: () => _checkLoop("f", "options.loop", 42), error: TypeError, message: /^f\(options\.loop\): expected an EventLoop, got 42 \(number\)$/ },
  { call: '_checkLoop("f", "loop", {})', run: () => _checkLoop("f", "loop", {}), error: TypeError, message: /^f\(loop\): expected an EventLoop, got Object \(object\)$/ },
  { call: '_checkOptions("f", "{ a? }", 42)', run: () => _checkOptions("f", "{ a? }", 42), error: TypeError, message: /^f\(options\): expected \{ a\? \}, got 42 \(number\)$/ },
  { call: '_checkOptions("f", "{ a? }", null)', run: () => _checkOptions("f", "{ a? }", null), error: TypeError, message: /^f\(options\): expected \{ a\? \}, got null$/ },
  // misuse: no loop
  { call: "getRunningLoop() with no loop running", run: () => getRunningLoop(), error: Error, message: /^no running event loop$/ },
  { call: "getEventLoop() with no loop running or set", run: () => getEventLoop(), error: Error, message: /no current event loop: call setEventLoop\(loop\) or use run\(\)/ },
];

const accepted: Accepted[] = [
  { call: "setEventLoop(null) clears the loop", run: () => { setEventLoop(new TestLoop()); setEventLoop(null); expect(() => getEventLoop()).toThrow(Error); } },
  {
    call: "setEventLoop(a closed loop) is accepted, as CPython's set_event_loop",
    run: () => {
      const loop = closedLoop();
      setEventLoop(loop);
      expect(getEventLoop()).toBe(loop);
    },
  },
  { call: "_setRunningLoop(null) / _setInTurn(false) reset the slot", run: () => { _setRunningLoop(null); _setInTurn(false); expect(_getRunningLoop()).toBeNull(); expect(_isInTurn()).toBe(false); } },
  { call: "_microtask(fn) runs fn later", run: () => { let ran = false; _microtask(() => { ran = true; }); expect(ran).toBe(false); } },
  {
    call: "isFuture / isCoroutine / isCoroutineFunction answer false for odd values, never throw",
    run: () => {
      for (const x of [42, NaN, Infinity, -Infinity, "x", null, undefined, Symbol("s"), 10n, noProto, throwingToString, {}, [], () => {}]) {
        expect(isFuture(x)).toBe(false);
        expect(isCoroutine(x)).toBe(false);
        expect(isCoroutineFunction(x)).toBe(false);
      }
    },
  },
  { call: "_isEventLoop(odd values) is false", run: () => { for (const x of [42, null, {}, noProto, "loop"]) expect(_isEventLoop(x)).toBe(false); expect(_isEventLoop(new TestLoop())).toBe(true); } },
  {
    call: "_describe() shows anything and never throws",
    run: () => {
      expect(_describe(Symbol("why"))).toBe("Symbol(why) (symbol)");
      expect(_describe(10n)).toBe("10 (bigint)");
      expect(_describe(NaN)).toBe("NaN (number)");
      expect(_describe(-Infinity)).toBe("-Infinity (number)");
      expect(_describe(noProto)).toBe("Object (object)");
      expect(_describe(throwingToString)).toBe("Object (object)");
      expect(_describe(hostile)).toBe("a value that cannot be shown (object)");
    },
  },
  {
    call: "_toText() is String(x) that never throws",
    run: () => {
      expect(_toText(Symbol("why"))).toBe("Symbol(why)");
      expect(_toText(42)).toBe("42");
      expect(_toText(null)).toBe("null");
      expect(_toText(noProto)).toBe("Object (object)");
      expect(_toText(throwingToString)).toBe("Object (object)");
    },
  },
  {
    call: "the error classes take any message, as Error does",
    run: () => {
      for (const cls of [CancelledError, InvalidStateError, TimeoutError, BrokenExecutorError]) {
        expect(new cls(42 as never).message).toBe("42");
        expect(new cls().message).toBe("");
      }
    },
  },
];

describe("@aio/core: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/core: accepted input keeps working", () => {
  it.each(accepted)("$call", ({ run }) => {
    run();
  });
});
