import { describe, expect, it } from "vitest";
import { FUTURE, isCoroutine, isCoroutineFunction, isFuture } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";

describe("FUTURE", () => {
  it("is the registered symbol every copy of the package shares", () => {
    expect(FUTURE).toBe(Symbol.for("@aio/core.future"));
  });
});

describe("isFuture()", () => {
  it("is true for a Future and for a Task", async () => {
    const loop = new TestLoop();
    expect(isFuture(new Future({ loop }))).toBe(true);
    const task = loop.createTask(function* () {
      return 1;
    });
    expect(isFuture(task)).toBe(true);
    await loop.runUntilComplete(task);
    loop.close();
  });

  it("is true for an object from another copy that only carries the registered key (false or true)", () => {
    expect(isFuture({ [Symbol.for("@aio/core.future")]: false })).toBe(true);
    expect(isFuture({ [Symbol.for("@aio/core.future")]: true })).toBe(true);
  });

  it("is false when the key is missing or does not hold a boolean", () => {
    expect(isFuture({})).toBe(false);
    expect(isFuture({ [FUTURE]: undefined })).toBe(false);
    expect(isFuture({ [FUTURE]: null })).toBe(false);
    expect(isFuture({ [FUTURE]: 0 })).toBe(false);
    expect(isFuture({ [Symbol("@aio/core.future")]: false })).toBe(false);
  });

  it("is false for promises, primitives, null and undefined", () => {
    expect(isFuture(Promise.resolve(1))).toBe(false);
    for (const x of [null, undefined, 0, "future", true, Symbol("x")]) expect(isFuture(x)).toBe(false);
  });
});

describe("isCoroutine()", () => {
  it("is true for the object a generator function returns", () => {
    function* gen() {
      yield 1;
    }
    expect(isCoroutine(gen())).toBe(true);
  });

  it("is false for the generator function itself, async-function promises and plain iterators", () => {
    function* gen() {}
    expect(isCoroutine(gen)).toBe(false);
    const p = (async () => 1)();
    expect(isCoroutine(p)).toBe(false);
    expect(isCoroutine([1, 2][Symbol.iterator]())).toBe(false);
    expect(isCoroutine({ next() {} })).toBe(false);
    expect(isCoroutine(null)).toBe(false);
    expect(isCoroutine(undefined)).toBe(false);
    return p;
  });

  it("is true for a hand-made object with next, throw and an iterator (a coroutine from another realm or a transpiler)", () => {
    const handMade = { next: () => ({ done: true, value: 1 }), throw: (e: unknown) => { throw e; }, [Symbol.iterator]() { return this; } };
    expect(isCoroutine(handMade)).toBe(true);
  });

  it("is false for an object that lacks any one of next, throw or the iterator", () => {
    const next = (): IteratorResult<unknown> => ({ done: true, value: undefined });
    const thrower = (e: unknown): never => { throw e; };
    function self<T>(this: T): T { return this; }
    expect(isCoroutine({ throw: thrower, [Symbol.iterator]: self })).toBe(false);
    expect(isCoroutine({ next, [Symbol.iterator]: self })).toBe(false);
    expect(isCoroutine({ next, throw: thrower })).toBe(false);
  });

  it("is false for async generator objects (they are not coroutines)", () => {
    async function* agen() {}
    expect(isCoroutine(agen())).toBe(false);
  });
});

describe("isCoroutineFunction()", () => {
  it("is false, without touching its prototype chain, for an object that is not a function", () => {
    const hostile = new Proxy({}, { getPrototypeOf() { throw new Error("trap"); } });
    expect(isCoroutineFunction(hostile)).toBe(false);
  });

  it("is true for generator functions and generator methods", () => {
    expect(isCoroutineFunction(function* () {})).toBe(true);
    const obj = {
      *method() {},
    };
    expect(isCoroutineFunction(obj.method)).toBe(true);
  });

  it("is true for async functions, async arrows and async methods", () => {
    expect(isCoroutineFunction(async function () {})).toBe(true);
    expect(isCoroutineFunction(async () => {})).toBe(true);
    const obj = {
      async method() {},
    };
    expect(isCoroutineFunction(obj.method)).toBe(true);
  });

  it("is false for plain functions, arrows, classes and functions that merely return promises", () => {
    expect(isCoroutineFunction(function () {})).toBe(false);
    expect(isCoroutineFunction(() => 1)).toBe(false);
    expect(isCoroutineFunction(() => Promise.resolve(1))).toBe(false);
    expect(isCoroutineFunction(class {})).toBe(false);
  });

  it("is false for generator objects, async generator functions and non-functions", () => {
    function* gen() {}
    expect(isCoroutineFunction(gen())).toBe(false);
    expect(isCoroutineFunction(async function* () {})).toBe(false);
    expect(isCoroutineFunction(null)).toBe(false);
    expect(isCoroutineFunction({})).toBe(false);
  });
});
