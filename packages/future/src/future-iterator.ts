// What `yield* future` drives. It is stateless (it asks the future whether it is done), so one
// iterator per future serves every awaiter and a done future costs no allocation after the first.
import { FUTURE } from "@aio/core";
import type { Future } from "./future.js";
import { PENDING } from "./state.js";
import { awaitSiteHook } from "./await-hook.js";

/** @internal */
export class FutureIterator<T> implements Iterator<unknown, T, unknown> {
  constructor(private readonly fut: Future<T>) {}

  next(): IteratorResult<unknown, T> {
    const fut = this.fut;
    if (fut._state === PENDING) {
      // The flag tells the task that drives us this is a real await, not a stray `yield fut`; the
      // task clears it at once. Still set here means nobody took the future: the iterator is being
      // consumed by hand (`[...fut]`), which would otherwise never end.
      if (fut[FUTURE]) throw new Error("await wasn't used with future");
      fut[FUTURE] = true;
      // Debug mode: the awaiting generators' frames are on the stack now, and only now.
      const site = awaitSiteHook.fn;
      if (site !== null) site(fut);
      return { done: false, value: fut };
    }
    return { done: true, value: fut.result() };
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    throw error;
  }

  return(value?: unknown): IteratorResult<unknown, T> {
    return { done: true, value: value as T };
  }

  [Symbol.iterator](): this {
    return this;
  }
}
