import { describe, expect, it } from "vitest";
import { TestLoop } from "@aio/loop";
import { Queue } from "@aio/queue";

describe("Queue loop binding", () => {
  it("binds to the loop of its first blocked call and refuses another running loop", async () => {
    const q = new Queue<number>(1);
    const first = new TestLoop();
    const g = first.createTask(q.get());
    first.runUntilIdle();
    const second = new TestLoop();
    await expect(second.runUntilComplete(q.get())).rejects.toThrow(
      new Error("<Queue maxsize=1 qsize=0 _getters[1]> is bound to a different event loop"),
    );
    // Calls that do not wait still work anywhere, and the first loop's getter is unharmed.
    await second.runUntilComplete(q.put(5));
    first.runUntilIdle();
    expect(g.result()).toBe(5);
  });

  it("a queue that never had to wait works from any loop", async () => {
    const q = new Queue<number>();
    for (const loop of [new TestLoop(), new TestLoop()]) {
      await loop.runUntilComplete(function* () {
        yield* q.put(1);
        return yield* q.get();
      });
    }
    expect(q.qsize()).toBe(0);
  });

  it("a blocking call with no running loop throws 'no running event loop'", () => {
    expect(() => new Queue<number>().get()[Symbol.iterator]().next()).toThrow("no running event loop");
  });
});
