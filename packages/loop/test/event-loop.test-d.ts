import { describe, expectTypeOf, it } from "vitest";
import type { Coroutine, EventLoop as EventLoopLike, Executor } from "@aio/core";
import type { Future } from "@aio/future";
import type { Task } from "@aio/task";
import { EventLoop, TestLoop, type Handle, type TimerHandle } from "@aio/loop";

declare const loop: EventLoop;
declare const executor: Executor;

describe("EventLoop types", () => {
  it("implements core's EventLoop contract; TestLoop is an EventLoop", () => {
    expectTypeOf(loop).toMatchTypeOf<EventLoopLike>();
    expectTypeOf<TestLoop>().toMatchTypeOf<EventLoop>();
  });

  it("checks callback arguments against the callback's parameters", () => {
    expectTypeOf(loop.callSoon((a: number, b: string) => a + b.length, 1, "x")).toEqualTypeOf<Handle>();
    expectTypeOf(loop.callLater(1, (a: number) => a, 2)).toEqualTypeOf<TimerHandle>();
    expectTypeOf(loop.callAt(1, () => {})).toEqualTypeOf<TimerHandle>();
    // @ts-expect-error: the callback wants a number
    loop.callSoon((a: number) => a, "not a number");
    // @ts-expect-error: an argument is missing
    loop.callLater(1, (a: number, b: number) => a + b, 1);
  });

  it("types runUntilComplete() by what it runs", () => {
    function* gen(): Coroutine<number> {
      return 1;
    }
    expectTypeOf(loop.runUntilComplete(gen())).toEqualTypeOf<Promise<number>>();
    expectTypeOf(loop.runUntilComplete(gen)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(loop.runUntilComplete(async () => "s")).toEqualTypeOf<Promise<string>>();
    expectTypeOf(loop.runUntilComplete(Promise.resolve(true))).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(loop.runUntilComplete(loop.createFuture<Date>())).toEqualTypeOf<Promise<Date>>();
    expectTypeOf(loop.runForever()).toEqualTypeOf<Promise<void>>();
  });

  it("returns concrete futures and tasks", () => {
    expectTypeOf(loop.createFuture<number>()).toEqualTypeOf<Future<number>>();
    expectTypeOf(loop.createTask(async () => 1)).toEqualTypeOf<Task<number>>();
    expectTypeOf(loop.runInExecutor(executor, (a: number) => a * 2, 3)).toEqualTypeOf<Future<number>>();
    expectTypeOf(loop.runInExecutor(null, async () => "x")).toEqualTypeOf<Future<string>>();
  });
});
