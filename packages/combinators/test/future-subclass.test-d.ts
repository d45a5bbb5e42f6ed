// gather() returns its GatheringFuture (a Future subclass) as a Future, and users pass tasks where
// futures are expected: both need a subclass of Future to be assignable to Future<T>.
import { describe, expectTypeOf, it } from "vitest";
import type { Future } from "@aio/future";
import type { Task } from "@aio/task";

describe("Future subclasses", () => {
  it("make a Task<T> a Future<T>, and a Task<string> a Task<unknown>", () => {
    expectTypeOf<Task<number>>().toMatchTypeOf<Future<number>>();
    expectTypeOf<Task<string>>().toMatchTypeOf<Task<unknown>>();
    const asFuture = (t: Task<number>): Future<number> => t;
    expectTypeOf(asFuture).toBeFunction();
  });
});
