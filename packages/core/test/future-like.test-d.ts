import { describe, expectTypeOf, it } from "vitest";
import type { Awaitable, Coroutine, CoroutineSource, FutureLike, TaskLike } from "@aio/core";

declare const fut: FutureLike<number>;
declare const task: TaskLike<{ id: string }>;
declare const aw: Awaitable<"a" | "b">;

describe("Awaitable and FutureLike types", () => {
  it("type `const x = yield* fut` as the future's T inside a Coroutine", () => {
    function* body(): Coroutine<string> {
      const n = yield* fut;
      expectTypeOf(n).toEqualTypeOf<number>();
      const t = yield* task;
      expectTypeOf(t).toEqualTypeOf<{ id: string }>();
      const a = yield* aw;
      expectTypeOf(a).toEqualTypeOf<"a" | "b">();
      return `${n}${t.id}${a}`;
    }
    expectTypeOf(body).returns.toEqualTypeOf<Coroutine<string>>();
  });

  it("type `await fut` as T in an async function", () => {
    async function body() {
      const n = await fut;
      expectTypeOf(n).toEqualTypeOf<number>();
      return n;
    }
    expectTypeOf(body).returns.resolves.toEqualTypeOf<number>();
  });

  it("refuse a coroutine that returns the wrong type", () => {
    function* wrong(): Coroutine<string> {
      // @ts-expect-error: a Coroutine<string> cannot return a number
      return yield* fut;
    }
    expectTypeOf(wrong).toBeFunction();
  });

  it("accept generator functions, async functions, coroutines and promises as CoroutineSource", () => {
    function* gen(): Coroutine<number> {
      return 1;
    }
    expectTypeOf(gen()).toMatchTypeOf<CoroutineSource<number>>();
    expectTypeOf(gen).toMatchTypeOf<CoroutineSource<number>>();
    expectTypeOf(async () => 1).toMatchTypeOf<CoroutineSource<number>>();
    expectTypeOf(Promise.resolve(1)).toMatchTypeOf<CoroutineSource<number>>();
    expectTypeOf(42).not.toMatchTypeOf<CoroutineSource<number>>();
  });

  it("make TaskLike a FutureLike", () => {
    expectTypeOf(task).toMatchTypeOf<FutureLike<{ id: string }>>();
    expectTypeOf(task.signal).toEqualTypeOf<AbortSignal>();
  });
});
