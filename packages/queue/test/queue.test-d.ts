import { describe, expectTypeOf, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { PriorityQueue, Queue } from "@aio/queue";

describe("queue types", () => {
  it("type get() as the item type in both coroutine styles, put()/join() as void", () => {
    const q = new Queue<{ id: number }>();
    function* body(): Coroutine<void> {
      expectTypeOf(yield* q.get()).toEqualTypeOf<{ id: number }>();
      expectTypeOf(yield* q.put({ id: 1 })).toEqualTypeOf<void>();
      expectTypeOf(yield* q.join()).toEqualTypeOf<void>();
    }
    async function asyncBody(): Promise<void> {
      expectTypeOf(await q.get()).toEqualTypeOf<{ id: number }>();
      for await (const item of q) expectTypeOf(item).toEqualTypeOf<{ id: number }>();
    }
    void body;
    void asyncBody;
  });

  it("type the comparator by the item type", () => {
    const q = new PriorityQueue<{ at: number }>(0, (a, b) => {
      expectTypeOf(a).toEqualTypeOf<{ at: number }>();
      return a.at - b.at;
    });
    // @ts-expect-error items must match the queue's type
    q.putNowait("x");
    // @ts-expect-error maxsize is a number
    new Queue("3");
  });
});
