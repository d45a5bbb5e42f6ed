import type { Executor, FutureLike } from "@aio/core";
import { expectTypeOf, test } from "vitest";
import { ConcurrentFuture, ProcessPoolExecutor, ThreadPoolExecutor, fromModule, toThread, wrapFuture } from "../src/index.js";

test("submit() types the future by the function's awaited return type", () => {
  const pool = new ThreadPoolExecutor();
  expectTypeOf(pool.submit((a: number, b: string) => `${a}${b}`, 1, "x")).toEqualTypeOf<ConcurrentFuture<string>>();
  expectTypeOf(pool.submit(async () => 1)).toEqualTypeOf<ConcurrentFuture<number>>();
  // @ts-expect-error the arguments must match the parameters
  pool.submit((a: number) => a, "one");
});

test("a module task is typed by the export it names", () => {
  const fib = fromModule<(n: number) => number>("/jobs.js", "fib");
  expectTypeOf(new ProcessPoolExecutor().submit(fib, 30)).toEqualTypeOf<ConcurrentFuture<number>>();
  // @ts-expect-error fib takes a number
  new ProcessPoolExecutor().submit(fib, "30");
});

test("map() yields the awaited results", () => {
  const pool = new ProcessPoolExecutor();
  expectTypeOf(pool.map(async (a: number, b: string) => b.repeat(a), [1, 2], ["x", "y"])).toEqualTypeOf<AsyncIterableIterator<string>>();
});

test("the executors are core Executors, and the bridge gives loop futures", () => {
  expectTypeOf<ThreadPoolExecutor>().toMatchTypeOf<Executor>();
  expectTypeOf<ProcessPoolExecutor>().toMatchTypeOf<Executor>();
  expectTypeOf(wrapFuture(new ConcurrentFuture<number>())).toEqualTypeOf<FutureLike<number>>();
  expectTypeOf(toThread((s: string) => s.length, "abc")).toEqualTypeOf<FutureLike<number>>();
});
