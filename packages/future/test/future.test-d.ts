import { describe, expectTypeOf, it } from "vitest";
import type { Awaitable, Coroutine, FutureLike } from "@aio/core";
import { Future, wrapPromise } from "@aio/future";
import type { Task } from "@aio/task";

declare const fut: Future<number>;

describe("Future types", () => {
  it("type `const x = yield* fut` as T inside a generator coroutine", () => {
    function* body(): Coroutine<string> {
      const x = yield* fut;
      expectTypeOf(x).toEqualTypeOf<number>();
      const y = yield* wrapPromise(Promise.resolve({ ok: true as const }));
      expectTypeOf(y).toEqualTypeOf<{ ok: true }>();
      return String(x);
    }
    expectTypeOf(body).returns.toEqualTypeOf<Coroutine<string>>();
  });

  it("type `await fut` and then() callbacks as T", () => {
    async function body() {
      const x = await fut;
      expectTypeOf(x).toEqualTypeOf<number>();
      return x;
    }
    expectTypeOf(body).returns.resolves.toEqualTypeOf<number>();
    expectTypeOf(fut.then((v) => `${v}`)).toEqualTypeOf<PromiseLike<string>>();
  });

  it("implement FutureLike and Awaitable", () => {
    expectTypeOf(fut).toMatchTypeOf<FutureLike<number>>();
    expectTypeOf(fut).toMatchTypeOf<Awaitable<number>>();
    expectTypeOf(fut.result()).toEqualTypeOf<number>();
  });

  it("give done callbacks the future itself", () => {
    fut.addDoneCallback((f) => {
      expectTypeOf(f).toEqualTypeOf<Future<number>>();
    });
    expectTypeOf(fut.removeDoneCallback).returns.toEqualTypeOf<number>();
  });

  it("check setResult's argument against T", () => {
    // @ts-expect-error: a Future<number> cannot be given a string
    fut.setResult("text");
    expectTypeOf(wrapPromise(Promise.resolve("s"))).toEqualTypeOf<Future<string>>();
  });
});

describe("Future subclasses and variance", () => {
  it("make a subclass assignable to its base and a Future<T> to a Future<unknown>", () => {
    class Tagged<T> extends Future<T> {
      tag = "extra";
    }
    expectTypeOf<Tagged<number>>().toMatchTypeOf<Future<number>>();
    expectTypeOf<Future<string>>().toMatchTypeOf<Future<unknown>>();
    expectTypeOf<Tagged<string>>().toMatchTypeOf<Future<unknown>>();
    expectTypeOf<Task<number>>().toMatchTypeOf<Future<number>>();
    expectTypeOf<Task<string>>().toMatchTypeOf<Future<unknown>>();
  });
});
