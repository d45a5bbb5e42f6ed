// Bad input, table by table: every public function, method and constructor of @aio/contextvars given
// wrong types and misuse. A refused call fails where it is made, with the exact error class and a
// message that names the function and the argument. Where CPython accepts something, it is still
// accepted, and the row says what it does.
import { describe, expect, it } from "vitest";
import { Context, ContextVar, Token, _enterContext, _exitContext, _setContextResolver } from "@aio/contextvars";
import { errorOf, type Accepted, type Refused } from "../../../tooling/config/bad-input.js";

const v = new ContextVar<number>("v");
const ctx = new Context();

const refused: Refused[] = [
  { call: "new ContextVar(1)", run: () => new ContextVar(1 as never), error: TypeError, message: /^ContextVar\(name\): expected a string, got 1 \(number\)$/ },
  { call: "new ContextVar()", run: () => new (ContextVar as new () => unknown)(), error: TypeError, message: /^ContextVar\(name\): expected a string, got undefined$/ },
  { call: 'new ContextVar("x", 5)', run: () => new ContextVar("x", 5 as never), error: TypeError, message: /^ContextVar\(options\): expected \{ default\? \}, got 5 \(number\)$/ },
  { call: 'new ContextVar("x", null)', run: () => new ContextVar("x", null as never), error: TypeError, message: /^ContextVar\(options\): expected \{ default\? \}, got null$/ },
  { call: "v.reset(1)", run: () => v.reset(1 as never), error: TypeError, message: /^ContextVar\.reset\(token\): a Token was expected, got 1 \(number\)$/ },
  { call: "v.reset({})", run: () => v.reset({} as never), error: TypeError, message: /^ContextVar\.reset\(token\): a Token was expected, got / },
  { call: "new Token()", run: () => new (Token as unknown as new () => unknown)(), error: TypeError, message: /^Token: tokens are made by ContextVar\.set\(\), not by new Token\(\)$/ },
  { call: "ctx.get(1)", run: () => ctx.get(1 as never), error: TypeError, message: /^Context\.get\(variable\): a ContextVar was expected, got 1 \(number\)$/ },
  { call: 'ctx.has("v")', run: () => ctx.has("v" as never), error: TypeError, message: /^Context\.has\(variable\): a ContextVar was expected, got "v" \(string\)$/ },
  { call: "ctx.run(1)", run: () => ctx.run(1 as never), error: TypeError, message: /^Context\.run\(fn\): expected a function, got 1 \(number\)$/ },
  { call: "ctx.run inside ctx.run", run: () => ctx.run(() => ctx.run(() => 1)), error: Error, message: /^cannot enter context: <Context empty> is already entered$/ },
  {
    call: "_enterContext of an entered context",
    run: () => {
      const c = new Context();
      const previous = _enterContext(c);
      try {
        _enterContext(c);
      } finally {
        _exitContext(c, previous);
      }
    },
    error: Error,
    message: /^cannot enter context: <Context empty> is already entered$/,
  },
  { call: "_setContextResolver(1)", run: () => _setContextResolver(1 as never), error: TypeError, message: /^_setContextResolver\(resolver\): expected a function or null, got 1 \(number\)$/ },
];

const accepted: Accepted[] = [
  { call: 'new ContextVar("")', run: () => expect(new ContextVar("").name).toBe("") },
  { call: 'new ContextVar("x", {})', run: () => expect(() => new ContextVar("x", {}).get()).toThrow("no default") },
  { call: 'new ContextVar("x", { default: null })', run: () => expect(new ContextVar("x", { default: null }).get()).toBe(null) },
  { call: "ctx.run(fn) with no arguments for fn", run: () => expect(ctx.run(() => 42)).toBe(42) },
  { call: "v.get(undefined) is a default of undefined", run: () => expect(ctx.run(() => v.get(undefined))).toBe(undefined) },
];

describe("@aio/contextvars: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/contextvars: accepted input keeps working", () => {
  it.each(accepted)("$call", ({ run }) => {
    run();
  });
});
