import { describe, expectTypeOf, it } from "vitest";
import type { Awaitable, Coroutine, FutureLike } from "@aio/core";
import type { Future } from "@aio/future";
import type { Task } from "@aio/task";
import {
  ExceptionGroup,
  TaskGroup,
  Timeout,
  asCompleted,
  fromPromise,
  gather,
  shield,
  sleep,
  taskGroup,
  timeout,
  timeoutAt,
  wait,
  waitFor,
  type Completed,
  type ResultOf,
} from "@aio/combinators";

declare const tn: Task<number>;
declare const fs: Future<string>;
declare const fl: FutureLike<boolean>;
declare function gen(): Coroutine<Date>;

describe("ResultOf", () => {
  it("is what awaiting gives, for every kind of awaitable", () => {
    expectTypeOf<ResultOf<Task<number>>>().toEqualTypeOf<number>();
    expectTypeOf<ResultOf<Future<string>>>().toEqualTypeOf<string>();
    expectTypeOf<ResultOf<Coroutine<Date>>>().toEqualTypeOf<Date>();
    expectTypeOf<ResultOf<Promise<1>>>().toEqualTypeOf<1>();
    expectTypeOf<ResultOf<() => Coroutine<"g">>>().toEqualTypeOf<"g">();
    expectTypeOf<ResultOf<() => Promise<"a">>>().toEqualTypeOf<"a">();
    expectTypeOf<ResultOf<Awaitable<bigint>>>().toEqualTypeOf<bigint>();
  });
});

describe("sleep()", () => {
  it("gives void, or the type of `result`", () => {
    function* body(): Coroutine<void> {
      const a = yield* sleep(1);
      expectTypeOf(a).toEqualTypeOf<void>();
      const b = yield* sleep(1, "x" as const);
      expectTypeOf(b).toEqualTypeOf<"x">();
    }
    async function body2() {
      expectTypeOf(await sleep(0, 3)).toEqualTypeOf<number>();
    }
    expectTypeOf(body).toBeFunction();
    expectTypeOf(body2).toBeFunction();
  });
});

describe("gather()", () => {
  it("types the result as a tuple, element by element, in both styles", () => {
    function* body(): Coroutine<void> {
      const r = yield* gather([tn, fs, fl, gen(), gen, async () => 1n, Promise.resolve(null)]);
      expectTypeOf(r).toEqualTypeOf<[number, string, boolean, Date, Date, bigint, null]>();
    }
    async function body2() {
      const [n, s] = await gather([tn, fs]);
      expectTypeOf(n).toEqualTypeOf<number>();
      expectTypeOf(s).toEqualTypeOf<string>();
    }
    expectTypeOf(gather([tn, fs])).toEqualTypeOf<Future<[number, string]>>();
    expectTypeOf(body).toBeFunction();
    expectTypeOf(body2).toBeFunction();
  });

  it("types an array argument as an array of results", () => {
    const tasks: Task<number>[] = [];
    expectTypeOf(gather(tasks)).toEqualTypeOf<Future<number[]>>();
    expectTypeOf(gather([])).toEqualTypeOf<Future<[]>>();
  });

  it("adds Error to every element with returnExceptions: true", () => {
    expectTypeOf(gather([tn, fs], { returnExceptions: true })).toEqualTypeOf<Future<[number | Error, string | Error]>>();
    expectTypeOf(gather([tn], { returnExceptions: false })).toEqualTypeOf<Future<[number]>>();
  });

  it("refuses what is not awaitable", () => {
    // @ts-expect-error: a number is not awaitable
    gather([1]);
    // @ts-expect-error: an array is required, as in gather([a, b])
    gather(tn, fs);
  });
});

describe("wait()", () => {
  it("returns [done, pending] sets of the given futures", () => {
    expectTypeOf(wait([tn])).toEqualTypeOf<Awaitable<[done: Set<Task<number>>, pending: Set<Task<number>>]>>();
    // @ts-expect-error: futures only
    wait([1]);
    // @ts-expect-error: returnWhen is one of the three constants
    wait([tn], { returnWhen: "ANY" });
  });
});

describe("waitFor(), shield(), fromPromise()", () => {
  it("keep the awaited type", () => {
    expectTypeOf(waitFor(tn, 1)).toEqualTypeOf<Awaitable<number>>();
    expectTypeOf(waitFor(gen(), null)).toEqualTypeOf<Awaitable<Date>>();
    expectTypeOf(waitFor(async () => "s", 1)).toEqualTypeOf<Awaitable<string>>();
    expectTypeOf(shield(tn)).toEqualTypeOf<FutureLike<number>>();
    expectTypeOf(fromPromise(Promise.resolve(1))).toEqualTypeOf<FutureLike<number>>();
    expectTypeOf(fromPromise((signal: AbortSignal) => fetch("x", { signal }))).toEqualTypeOf<FutureLike<Response>>();
  });
});

describe("asCompleted()", () => {
  it("gives awaitables of the results, and the futures themselves with for await", () => {
    function* body(): Coroutine<void> {
      for (const next of asCompleted([tn, tn])) {
        expectTypeOf(next).toEqualTypeOf<Awaitable<number>>();
        expectTypeOf(yield* next).toEqualTypeOf<number>();
      }
    }
    async function body2() {
      for await (const t of asCompleted([tn])) {
        expectTypeOf(t).toEqualTypeOf<Completed<Task<number>>>();
        expectTypeOf(t.result()).toEqualTypeOf<number>();
        expectTypeOf(t.getName()).toEqualTypeOf<string>();
      }
      for await (const t of asCompleted([gen()])) expectTypeOf(t.result()).toEqualTypeOf<Date>();
    }
    expectTypeOf(body).toBeFunction();
    expectTypeOf(body2).toBeFunction();
  });
});

describe("timeout(), timeoutAt(), taskGroup()", () => {
  it("pass the context object to the body and give its return type", () => {
    expectTypeOf(
      timeout(1, function* (t) {
        expectTypeOf(t).toEqualTypeOf<Timeout>();
        expectTypeOf(t.when()).toEqualTypeOf<number | null>();
        return 1;
      }),
    ).toEqualTypeOf<Awaitable<number>>();
    expectTypeOf(timeoutAt(null, async () => "s")).toEqualTypeOf<Awaitable<string>>();
    expectTypeOf(
      taskGroup(function* (tg) {
        expectTypeOf(tg).toEqualTypeOf<TaskGroup>();
        const t = tg.createTask(gen());
        expectTypeOf(t).toEqualTypeOf<Task<Date>>();
        return t;
      }),
    ).toEqualTypeOf<Awaitable<Task<Date>>>();
    // @ts-expect-error: the body must be a function
    timeout(1, gen());
  });

  it("make ExceptionGroup an AggregateError", () => {
    expectTypeOf<ExceptionGroup>().toMatchTypeOf<AggregateError>();
    expectTypeOf<ExceptionGroup["exceptions"]>().toEqualTypeOf<readonly unknown[]>();
  });
});
