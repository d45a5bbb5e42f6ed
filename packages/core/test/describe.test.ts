// How error messages show the values they got (`_describe`): short, with the type, and never
// throwing. Every package's bad-input messages are built from these.
import { describe, expect, it } from "vitest";
import { _describe } from "@aio/core";

describe("_describe shows a value short and with its type", () => {
  it("shows a string of up to 40 characters whole, quoted", () => {
    const forty = "a".repeat(40);
    expect(_describe(forty)).toBe(`"${forty}" (string)`);
    expect(_describe("")).toBe('"" (string)');
  });

  it("cuts a longer string to 37 characters and an ellipsis", () => {
    const long = "0123456789".repeat(5);
    expect(_describe(long)).toBe(`"${long.slice(0, 37)}..." (string)`);
    expect(_describe("b".repeat(41))).toBe(`"${"b".repeat(37)}..." (string)`);
  });

  it("names a function, and calls a nameless one anonymous", () => {
    function tick(): void {}
    expect(_describe(tick)).toBe("tick (function)");
    const nameless = (() => () => {})();
    expect(nameless.name).toBe("");
    expect(_describe(nameless)).toBe("anonymous (function)");
    expect(_describe(class Shape {})).toBe("Shape (function)");
  });

  it("shows an error as its class name and quoted message", () => {
    expect(_describe(new RangeError("too far"))).toBe('RangeError("too far")');
  });

  it("shows a generator object as a coroutine", () => {
    expect(_describe((function* () {})())).toBe("a coroutine (generator object)");
  });

  it("lets an object with its own toString describe itself", () => {
    expect(_describe({ toString: () => "<Thing 1>" })).toBe("<Thing 1>");
    expect(_describe(new Map())).toBe("Map (object)");
    expect(_describe([1, 2])).toBe("1,2");
  });

  it("shows numbers, booleans, null and undefined with their types", () => {
    expect(_describe(42)).toBe("42 (number)");
    expect(_describe(true)).toBe("true (boolean)");
    expect(_describe(null)).toBe("null");
    expect(_describe(undefined)).toBe("undefined");
  });
});
