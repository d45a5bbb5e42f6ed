import { describe, expect, it } from "vitest";
import { functionSource } from "../src/function-source.js";

const where = "Pool.submit(fn)";
const accept = (fn: Function) => functionSource(fn, where);
const refusal = (fn: Function): string => {
  try {
    functionSource(fn, where);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
};

describe("functionSource()", () => {
  it("accepts arrows, function expressions, async and generator functions that only use their own names", () => {
    expect(accept((a: number, b: number) => a + b).shape).toBe("expression");
    expect(accept(function add(a: number) { const b = 2; return a + b; }).shape).toBe("expression");
    expect(accept(async (x: number) => { await null; return x; }).shape).toBe("expression");
    expect(accept(function* gen() { yield 1; }).shape).toBe("expression");
  });

  it("accepts method shorthand, rebuilt as an object member", () => {
    const jobs = { double(x: number) { return x * 2; }, async later() { return 1; } };
    expect(accept(jobs.double).shape).toBe("method");
    expect(accept(jobs.later).shape).toBe("method");
  });

  it("accepts JavaScript and Node globals, require, jobSignal and the function's own recursion", () => {
    expect(() =>
      accept(function fib(n: number): number {
        Math.max(1, JSON.parse("2"));
        void [Buffer, process, console, setTimeout, structuredClone, URL, AbortController, globalThis];
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
      }),
    ).not.toThrow();
    expect(() => accept(() => require("node:fs"))).not.toThrow();
  });

  it("refuses a closure and names the outer variable", () => {
    const factor = 3;
    const message = refusal((x: number) => x * factor);
    expect(message).toMatch(/^Pool\.submit\(fn\): fn uses "factor", defined outside its body/);
    expect(message).toContain("pass \"factor\" as an argument");
  });

  it("names every outer variable once, in order of use", () => {
    const a = 1;
    const b = 2;
    expect(refusal(() => a + b + a)).toContain('fn uses "a", "b", defined');
  });

  it("does not count shadowed names, parameters, destructuring or catch bindings as free", () => {
    const value = 1;
    expect(() =>
      accept(({ value }: { value: number }, [first] = [0]) => {
        try {
          return value + first;
        } catch (error) {
          return error;
        }
      }),
    ).not.toThrow();
    expect(value).toBe(1);
  });

  it("refuses a reference in a nested function too", () => {
    const outer = 5;
    expect(refusal(() => [1].map((x) => x + outer))).toContain('"outer"');
  });

  it("refuses native, bound and class values with a message that says what they are", () => {
    expect(refusal(Math.max)).toContain("fn is a native function (max)");
    expect(refusal(function f(this: unknown) { return this; }.bind(null))).toContain("fn is a bound function (bound f)");
    expect(refusal(class Job {})).toContain("fn is a class (Job)");
  });

  it("refuses getters", () => {
    const getter = Object.getOwnPropertyDescriptor({ get size() { return 1; } }, "size")!.get!;
    expect(refusal(getter)).toContain("fn is a getter");
  });

  it("gives every function with the same source text the same id", () => {
    const make = () => (x: number) => x + 1;
    expect(accept(make()).id).toBe(accept(make()).id);
    expect(accept(make()).id).not.toBe(accept((x: number) => x + 2).id);
  });
});
