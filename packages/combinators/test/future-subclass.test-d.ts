// KNOWN BUG in @aio/future (reported to the lead, not worked around here):
// packages/future/src/future.ts types the done callbacks with the polymorphic `this`
//   _cb0: ((future: this) => void) | Waiter | null
//   _cbs: (((future: this) => void) | Waiter)[] | null
// As properties (not methods) they are checked contravariantly, so no subclass that adds a member
// is assignable to its base: `Task<T>` is not a `Future<T>`, `Task<string>` is not a
// `Task<unknown>`, and gather() needs a cast to return its GatheringFuture as a Future.
// Suggested fix: type them `((future: Future<T>) => void) | Waiter` (or `(future: never) => void`).
// The `@ts-expect-error` lines below hold while the bug is there; once it is fixed they become
// unused directives and this file fails type-checking: then delete the directives.
import { describe, expectTypeOf, it } from "vitest";
import type { Future } from "@aio/future";
import type { Task } from "@aio/task";

describe("Future subclasses (known bug in @aio/future)", () => {
  it("should make a Task<T> a Future<T> and a Task<unknown>", () => {
    const asFuture = (t: Task<number>): Future<number> =>
      // @ts-expect-error: KNOWN BUG, see the file comment
      t;
    const widen = (t: Task<string>): Task<unknown> =>
      // @ts-expect-error: KNOWN BUG, see the file comment
      t;
    expectTypeOf(asFuture).toBeFunction();
    expectTypeOf(widen).toBeFunction();
  });
});
