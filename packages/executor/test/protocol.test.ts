import { describe, expect, it } from "vitest";
import { fromWire, toWire } from "../src/protocol.js";

function roundTrip(thrown: unknown): unknown {
  return fromWire(structuredClone(toWire(thrown)));
}

describe("toWire() and fromWire()", () => {
  it("keep a built-in error's class, message and stack", () => {
    const original = new RangeError("out of range");
    const copy = roundTrip(original) as RangeError;
    expect(copy).toBeInstanceOf(RangeError);
    expect(copy.message).toBe("out of range");
    expect(copy.stack).toBe(original.stack);
  });

  it("keep a custom error's name and its cloneable fields, and drop the others", () => {
    class HttpError extends Error {
      override name = "HttpError";
      status = 404;
      retry = () => true;
    }
    const copy = roundTrip(new HttpError("not found")) as Error & { status?: number; retry?: unknown };
    expect(copy).toBeInstanceOf(Error);
    expect([copy.name, copy.message, copy.status, copy.retry]).toEqual(["HttpError", "not found", 404, undefined]);
    expect(String(copy.stack)).toContain("HttpError: not found");
  });

  it("carry the cause chain", () => {
    const copy = roundTrip(new Error("outer", { cause: new TypeError("inner") })) as Error;
    expect(copy.cause).toBeInstanceOf(TypeError);
    expect((copy.cause as Error).message).toBe("inner");
  });

  it("pass thrown non-Error values through, and describe ones that do not clone", () => {
    expect(roundTrip("just a string")).toBe("just a string");
    expect(roundTrip({ code: 7 })).toEqual({ code: 7 });
    const copy = roundTrip(Symbol("s")) as Error;
    expect(copy).toBeInstanceOf(Error);
    expect(copy.message).toBe("non-Error thrown: Symbol(s)");
  });
});
