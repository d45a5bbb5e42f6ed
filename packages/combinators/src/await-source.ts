// Awaiting "anything awaitable" from either coroutine style, for waitFor(): futures are awaited,
// coroutines run inline in the caller's task (CPython 3.12+ wait_for), functions are called (a
// generator function inline; an async function inline from an async caller, from a generator as
// a child task whose first step runs at once, in the caller's step — see body.ts), and foreign
// PromiseLikes are wrapped in a future so the wait can be cancelled.
import { isCoroutine, isFuture, type Coroutine, type EventLoop } from "@aio/core";
import { wrapPromise } from "@aio/future";
import { _drive as drive } from "@aio/task";
import { isGeneratorFunction, startStandIn } from "./body.js";
import { describe, isThenable } from "./describe.js";
import type { AwaitableSource } from "./types.js";

/** @internal */
export function checkAwaitable(fn: string, name: string, aw: unknown): void {
  if (!isFuture(aw) && !isCoroutine(aw) && !isThenable(aw) && typeof aw !== "function") {
    throw new TypeError(`${fn}(${name}): expected a future, task, coroutine, coroutine function or PromiseLike, got ${describe(aw)}`);
  }
}

/** @internal */
export function* awaitSource<T>(aw: AwaitableSource<T>, loop: EventLoop): Coroutine<T> {
  if (isFuture(aw) || isCoroutine(aw)) return yield* aw as Coroutine<T>;
  if (typeof aw === "function") {
    if (isGeneratorFunction(aw)) return yield* (aw as () => Coroutine<T>)();
    return yield* startStandIn(aw as () => PromiseLike<T>, loop);
  }
  return yield* wrapPromise(aw, { loop });
}

/** @internal */
export async function awaitSourceAsync<T>(aw: AwaitableSource<T>, loop: EventLoop): Promise<T> {
  if (isFuture(aw)) return await aw;
  if (isCoroutine(aw)) return drive(aw as Coroutine<T>);
  if (typeof aw === "function") {
    const out = (aw as () => Coroutine<T> | PromiseLike<T>)();
    return isCoroutine(out) ? drive(out as Coroutine<T>) : await out;
  }
  return await wrapPromise(aw, { loop });
}
