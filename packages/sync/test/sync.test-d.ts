import { describe, expectTypeOf, it } from "vitest";
import type { Awaitable, Coroutine } from "@aio/core";
import { Barrier, Condition, Event, Lock, Semaphore } from "@aio/sync";

declare const lock: Lock;
declare const sem: Semaphore;
declare const ev: Event;
declare const cond: Condition;
declare const barrier: Barrier;
declare function fetchText(): Awaitable<string>;

describe("sync primitive types", () => {
  it("type the yield* and await results of the waiting methods", () => {
    function* body(): Coroutine<void> {
      expectTypeOf(yield* lock.acquire()).toEqualTypeOf<true>();
      expectTypeOf(yield* sem.acquire()).toEqualTypeOf<true>();
      expectTypeOf(yield* ev.wait()).toEqualTypeOf<true>();
      expectTypeOf(yield* cond.wait()).toEqualTypeOf<true>();
      expectTypeOf(yield* cond.waitFor(() => 42 as number | null)).toEqualTypeOf<number | null>();
      expectTypeOf(yield* barrier.wait()).toEqualTypeOf<number>();
      expectTypeOf(yield* barrier.reset()).toEqualTypeOf<void>();
    }
    async function asyncBody(): Promise<void> {
      expectTypeOf(await lock.acquire()).toEqualTypeOf<true>();
      expectTypeOf(await barrier.wait()).toEqualTypeOf<number>();
    }
    void body;
    void asyncBody;
  });

  it("type use(body) as the body's return value, for generator and async bodies", () => {
    function* body(): Coroutine<void> {
      const a = yield* lock.use(function* () {
        return yield* fetchText();
      });
      expectTypeOf(a).toEqualTypeOf<string>();
      const b = yield* sem.use(async () => 42);
      expectTypeOf(b).toEqualTypeOf<number>();
    }
    async function asyncBody(): Promise<void> {
      const c = await cond.use(async () => ({ ok: true }));
      expectTypeOf(c).toEqualTypeOf<{ ok: boolean }>();
    }
    void body;
    void asyncBody;
  });

  it("reject misuse at compile time", () => {
    // @ts-expect-error the body must be a function
    lock.use(42);
    // @ts-expect-error Semaphore takes a number
    new Semaphore("3");
    // @ts-expect-error Condition takes a Lock
    new Condition(new Semaphore());
  });
});
