import { describe, expect, it } from "vitest";
import { CancelledError } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { PriorityQueue, Queue } from "@aio/queue";
import { sleep } from "./helpers.js";

describe("Queue async iteration (a convenience asyncio lacks)", () => {
  it("yields items as they arrive and ends when the queue is shut down and drained", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>(1);
    loop.createTask(function* () {
      for (let i = 0; i < 5; i++) {
        yield* q.put(i);
        yield* sleep(1);
      }
      q.shutdown();
    });
    const got = await loop.runUntilComplete(async () => {
      const out: string[] = [];
      for await (const item of q) out.push(`${item}@${loop.time()}`);
      return out;
    });
    expect(got).toEqual(["0@0", "1@1", "2@2", "3@3", "4@4"]);
  });

  it("ends at once after shutdown(true), dropping what is left", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    q.putNowait(1);
    q.putNowait(2);
    const got = await loop.runUntilComplete(async () => {
      const out: number[] = [];
      for await (const item of q) {
        out.push(item);
        q.shutdown(true);
      }
      return out;
    });
    expect(got).toEqual([1]);
  });

  it("follows the subclass's order and does not unwrap thenable items", async () => {
    const loop = new TestLoop();
    const q = new PriorityQueue<number>();
    for (const x of [3, 1, 2]) q.putNowait(x);
    q.shutdown();
    const got = await loop.runUntilComplete(async () => {
      const out: number[] = [];
      for await (const item of q) out.push(item);
      return out;
    });
    expect(got).toEqual([1, 2, 3]);
    const p = new Queue<PromiseLike<number>>();
    const thenable = Promise.resolve(5);
    p.putNowait(thenable);
    p.shutdown();
    const items = await loop.runUntilComplete(async () => {
      const out: unknown[] = [];
      for await (const item of p) out.push(item);
      return out;
    });
    expect(items[0]).toBe(thenable);
  });

  it("breaking out of the loop takes nothing more from the queue", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    for (const x of [1, 2, 3]) q.putNowait(x);
    await loop.runUntilComplete(async () => {
      for await (const item of q) if (item === 1) break;
    });
    expect(q.qsize()).toBe(2);
  });

  it("cancelling the task while it waits for the next item ends the loop with CancelledError and takes no item", async () => {
    const loop = new TestLoop();
    const q = new Queue<number>();
    const t = loop.createTask(async () => {
      for await (const item of q) void item;
    });
    loop.callLater(1, () => t.cancel());
    loop.callLater(1, () => q.putNowait(9));
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(q.qsize()).toBe(1);
  });
});
