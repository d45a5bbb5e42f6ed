// A cancel that arrives after the awaited future completed but before the task resumed lands at
// that await, in both coroutine styles (the sync primitives' waiters rely on it: a woken waiter
// that is cancelled passes its wake-up on instead of taking the resource).
import { describe, expect, it } from "vitest";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { tick } from "./helpers.js";

describe("@aio/task: async-function tasks and a cancel that arrives after the awaited future completed", () => {
  // Actors: task T (an async function) awaits future F. F completes, then T is cancelled before it
  // resumes. CPython (and a generator task here) throws CancelledError into T at that await, so
  // the code after it never runs; an async-function task does the same.
  it("throws CancelledError at the await, so the code after it does not run", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const log: string[] = [];
    const t = loop.createTask(async () => {
      await fut;
      log.push("ran after the await");
    });
    await tick(loop, 2);
    fut.setResult(1);
    t.cancel();
    await tick(loop, 3);
    expect(t.cancelled()).toBe(true);
    expect(log).toEqual([]);
  });

  it("a generator task does throw at the await (the reference behaviour)", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const log: string[] = [];
    const t = loop.createTask(function* () {
      yield* fut;
      log.push("ran after the await");
    });
    await tick(loop, 2);
    fut.setResult(1);
    t.cancel();
    await tick(loop, 3);
    expect(t.cancelled()).toBe(true);
    expect(log).toEqual([]);
  });
});
