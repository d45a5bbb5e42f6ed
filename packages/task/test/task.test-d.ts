// Type tests: what createTask, yield* and await infer, and that tasks are covariant in T.
import { describe, expectTypeOf, it } from "vitest";
import type { Coroutine, FutureLike } from "@aio/core";
import type { Future } from "@aio/future";
import { Task, allTasks, createTask, currentTask, ensureFuture } from "@aio/task";

describe("Task types", () => {
  it("infers the result type from a generator or async function", () => {
    expectTypeOf(createTask(function* () { return 1; })).toEqualTypeOf<Task<number>>();
    expectTypeOf(createTask(async () => "x")).toEqualTypeOf<Task<string>>();
    expectTypeOf(createTask(Promise.resolve(true))).toEqualTypeOf<Task<boolean>>();
    expectTypeOf(ensureFuture(async () => 1n)).toEqualTypeOf<FutureLike<bigint>>();
  });

  it("types yield* and await of a task", () => {
    function* main(t: Task<number>): Coroutine<void> {
      const v = yield* t;
      expectTypeOf(v).toEqualTypeOf<number>();
    }
    async function mainAsync(t: Task<number>): Promise<void> {
      expectTypeOf(await t).toEqualTypeOf<number>();
    }
    void main;
    void mainAsync;
  });

  it("lets a Task<number> be used as a Task<unknown> and a Future<unknown>", () => {
    expectTypeOf<Task<number>>().toMatchTypeOf<Task<unknown>>();
    expectTypeOf<Task<number>>().toMatchTypeOf<Future<unknown>>();
    expectTypeOf(currentTask).returns.toEqualTypeOf<Task<unknown> | null>();
    expectTypeOf(allTasks).returns.toEqualTypeOf<Set<Task<unknown>>>();
  });

  it("refuses what a task cannot run", () => {
    // @ts-expect-error a number is not a coroutine source
    void (() => createTask(42));
  });
});
