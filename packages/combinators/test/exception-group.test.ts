import { describe, expect, it } from "vitest";
import { ExceptionGroup } from "@aio/combinators";
import { Boom } from "./helpers.js";

describe("ExceptionGroup", () => {
  it("is an AggregateError whose exceptions and errors are the given errors", () => {
    const a = new Boom("a");
    const b = new RangeError("b");
    const g = new ExceptionGroup("unhandled errors in a TaskGroup", [a, b]);
    expect(g).toBeInstanceOf(AggregateError);
    expect(g).toBeInstanceOf(Error);
    expect(g.name).toBe("ExceptionGroup");
    expect(g.exceptions).toEqual([a, b]);
    expect(g.errors).toEqual([a, b]);
    expect(g.message).toBe("unhandled errors in a TaskGroup (2 sub-exceptions)");
    expect(new ExceptionGroup("m", [a]).message).toBe("m (1 sub-exception)");
    expect(Object.isFrozen(g.exceptions)).toBe(true);
  });

  it("splits by a predicate, searching nested groups", () => {
    const a = new Boom("a");
    const b = new RangeError("b");
    const c = new Boom("c");
    const g = new ExceptionGroup("outer", [a, new ExceptionGroup("inner", [b, c])]);
    const [match, rest] = g.split((e) => e instanceof Boom);
    expect(match!.exceptions[0]).toBe(a);
    expect((match!.exceptions[1] as ExceptionGroup).exceptions).toEqual([c]);
    expect((rest!.exceptions[0] as ExceptionGroup).exceptions).toEqual([b]);
    expect(rest!.message).toBe("outer (1 sub-exception)");
    expect(g.split(() => false)[0]).toBe(null);
    expect(g.split(() => true)[1]).toBe(null);
  });

  it("refuses an empty or non-array list of errors", () => {
    expect(() => new ExceptionGroup("m", [])).toThrow(RangeError);
    expect(() => new ExceptionGroup("m", "x" as never)).toThrow(TypeError);
  });
});
