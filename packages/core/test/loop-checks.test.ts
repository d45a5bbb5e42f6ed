// The duck-typed loop and options checks other packages call before they trust an argument.
// This file's first test must run before any loop has passed a check in this module instance.
import { describe, expect, it } from "vitest";
import { _checkLoop, _checkOptions, _isEventLoop } from "@aio/core";
import { TestLoop } from "@aio/loop";

const method = (): void => {};

describe("_isEventLoop", () => {
  it("is false for null and undefined, before and after a loop has passed", () => {
    expect(_isEventLoop(null)).toBe(false);
    expect(_isEventLoop(undefined)).toBe(false);
    expect(_isEventLoop(new TestLoop())).toBe(true);
    expect(_isEventLoop(null)).toBe(false);
  });

  it("needs all three of callSoon, createTask and isClosed to be functions", () => {
    expect(_isEventLoop({ callSoon: method, createTask: method, isClosed: method })).toBe(true);
    expect(_isEventLoop({ createTask: method, isClosed: method })).toBe(false);
    expect(_isEventLoop({ callSoon: method, isClosed: method })).toBe(false);
    expect(_isEventLoop({ callSoon: method, createTask: method })).toBe(false);
    expect(_isEventLoop({ callSoon: method, createTask: method, isClosed: true })).toBe(false);
  });

  it("keeps answering for a loop checked again, and for a different loop after it", () => {
    const a = new TestLoop();
    const b = new TestLoop();
    expect([_isEventLoop(a), _isEventLoop(a), _isEventLoop(b), _isEventLoop(a)]).toEqual([true, true, true, true]);
  });
});

describe("_checkLoop", () => {
  it("lets an event loop through", () => {
    const loop = new TestLoop();
    expect(() => _checkLoop("f", "loop", loop)).not.toThrow();
  });
});

describe("_checkOptions", () => {
  it("lets undefined, plain objects and arrays of options through", () => {
    expect(() => _checkOptions("f", "{ a? }", undefined)).not.toThrow();
    expect(() => _checkOptions("f", "{ a? }", {})).not.toThrow();
    expect(() => _checkOptions("f", "{ a? }", { a: 1 })).not.toThrow();
  });

  it("refuses null, numbers, strings and functions, naming the function", () => {
    for (const [bad, shown] of [[null, "null"], [1, "1 \\(number\\)"], ["x", '"x" \\(string\\)'], [method, "method \\(function\\)"]] as const) {
      expect(() => _checkOptions("f", "{ a? }", bad)).toThrow(new RegExp(`^f\\(options\\): expected \\{ a\\? \\}, got ${shown}$`));
    }
  });
});
