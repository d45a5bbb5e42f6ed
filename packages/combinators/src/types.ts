import type { Coroutine, CoroutineSource, FutureLike } from "@aio/core";

/**
 * What awaiting `A` gives: `T` for a future, task, awaitable or PromiseLike of `T`, for a
 * generator coroutine returning `T`, and for a function that returns one of those.
 *
 * @example
 * ```ts
 * type N = ResultOf<Task<number>>;            // number
 * type S = ResultOf<Coroutine<string>>;       // string
 * type B = ResultOf<() => Promise<boolean>>;  // boolean
 * ```
 * @public
 */
export type ResultOf<A> =
  A extends PromiseLike<infer T>
    ? T
    : A extends Iterator<unknown, infer T, unknown>
      ? T
      : A extends (...args: never[]) => infer R
        ? ResultOf<R>
        : never;

/**
 * Anything a combinator accepts as "an awaitable": a future or task, a generator coroutine (or
 * generator function / async function, run as a task), or a PromiseLike.
 * @public
 */
export type AwaitableSource<T = unknown> = FutureLike<T> | CoroutineSource<T>;

/**
 * A body passed to `timeout`, `timeoutAt` and `taskGroup`: a generator function (runs inline, in
 * the caller's task) or an async function, given the context object `C` and returning `R`.
 * @public
 */
export type Body<C, R> = (context: C) => Coroutine<R> | PromiseLike<R>;
