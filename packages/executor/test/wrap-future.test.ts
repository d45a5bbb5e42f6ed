import { CancelledError, setEventLoop, type ConcurrentFutureLike } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConcurrentFuture } from "../src/concurrent-future.js";
import { wrapFuture } from "../src/wrap-future.js";
import { cooperative, scratch, threads } from "./helpers.js";

const loops: TestLoop[] = [];
function testLoop(): TestLoop {
  const loop = new TestLoop();
  loops.push(loop);
  return loop;
}
afterEach(() => {
  setEventLoop(null);
  for (const loop of loops.splice(0)) if (!loop.isClosed()) loop.close();
});

describe("wrapFuture()", () => {
  it("returns an @aio future as it is", () => {
    const loop = testLoop();
    const fut = new Future<number>({ loop });
    expect(wrapFuture(fut)).toBe(fut);
  });

  it("refuses anything that is not a future, naming the argument", () => {
    expect(() => wrapFuture(42 as never)).toThrow(new TypeError("wrapFuture(future): expected a concurrent future or an @aio future, got 42 (number)"));
  });

  it("binds to getEventLoop() unless a loop is given", () => {
    const loop = testLoop();
    setEventLoop(loop);
    expect(wrapFuture(new ConcurrentFuture()).getLoop()).toBe(loop);
    const other = testLoop();
    expect(wrapFuture(new ConcurrentFuture(), { loop: other }).getLoop()).toBe(other);
  });

  it("copies the result through loop.callSoon, not in the completing turn", () => {
    const loop = testLoop();
    const cf = new ConcurrentFuture<string>();
    const fut = wrapFuture(cf, { loop });
    cf.setResult("value");
    expect(fut.done()).toBe(false);
    loop.runUntilIdle();
    expect(fut.result()).toBe("value");
  });

  it("copies the error (the same object) and the cancellation", () => {
    const loop = testLoop();
    const failing = new ConcurrentFuture<string>();
    const cancelled = new ConcurrentFuture<string>();
    const [a, b] = [wrapFuture(failing, { loop }), wrapFuture(cancelled, { loop })];
    const error = new Error("job failed");
    failing.setException(error);
    cancelled.cancel();
    loop.runUntilIdle();
    expect(a.exception()).toBe(error);
    expect(b.cancelled()).toBe(true);
  });

  it("copies a concurrent future that is already done on the next iteration", () => {
    const loop = testLoop();
    const cf = new ConcurrentFuture<number>();
    cf.setResult(5);
    const fut = wrapFuture(cf, { loop });
    expect(fut.done()).toBe(false);
    loop.runUntilIdle();
    expect(fut.result()).toBe(5);
  });

  it("cancels a queued job when the loop future is cancelled", () => {
    const loop = testLoop();
    const cf = new ConcurrentFuture<number>();
    const fut = wrapFuture(cf, { loop });
    fut.cancel();
    loop.runUntilIdle();
    expect(cf.cancelled()).toBe(true);
  });

  it("aborts a running job when the loop future is cancelled (CPython leaves it running)", () => {
    const loop = testLoop();
    const cf = new ConcurrentFuture<number>();
    cf.setRunningOrNotifyCancel();
    const stop = vi.fn();
    cf._abortHandler = stop;
    const fut = wrapFuture(cf, { loop });
    fut.cancel("no longer needed");
    loop.runUntilIdle();
    expect(cf.cancelled()).toBe(true);
    expect(stop).toHaveBeenCalledOnce();
    expect(stop.mock.calls[0]?.[0]).toBeInstanceOf(CancelledError);
    expect((stop.mock.calls[0]?.[0] as Error).message).toBe("no longer needed");
  });

  it("calls cancel() on a concurrent future that has no abort()", () => {
    const loop = testLoop();
    const cancel = vi.fn(() => true);
    const foreign: ConcurrentFutureLike<number> = {
      cancel, cancelled: () => false, running: () => true, done: () => false,
      result: () => 0, exception: () => null, addDoneCallback: () => {},
      then: (a, b) => Promise.resolve(0).then(a, b),
    };
    wrapFuture(foreign, { loop }).cancel();
    loop.runUntilIdle();
    expect(cancel).toHaveBeenCalledOnce();
  });

  it("does not touch a loop future that was cancelled before the job finished", () => {
    const loop = testLoop();
    const cf = new ConcurrentFuture<number>();
    cf.setRunningOrNotifyCancel();
    const fut = wrapFuture(cf, { loop });
    fut.cancel();
    cf.setResult(1);
    expect(() => loop.runUntilIdle()).not.toThrow();
    expect(fut.cancelled()).toBe(true);
  });

  it("schedules nothing on a closed loop", () => {
    const loop = testLoop();
    const cf = new ConcurrentFuture<number>();
    const fut = wrapFuture(cf, { loop });
    loop.close();
    expect(() => cf.setResult(1)).not.toThrow();
    expect(fut.done()).toBe(false);
  });

  it("lets a coroutine await a real pool job, and cancelling it aborts the job in the worker", async () => {
    const s = scratch();
    const pool = threads.create({ maxWorkers: 1, cancelGracePeriod: 30 });
    const loop = testLoop();
    const value = await loop.runUntilComplete(async () => wrapFuture(pool.submit((x: number) => x + 1, 1)));
    expect(value).toBe(2);
    const cf = pool.submit(cooperative, s.dir, "job");
    await s.started("job");
    const fut = wrapFuture(cf, { loop });
    await loop.runUntilComplete(async () => {
      fut.cancel("stop now");
      await expect(fut).rejects.toBeInstanceOf(CancelledError);
    });
    await expect(cf).rejects.toBeInstanceOf(CancelledError);
    await expect(pool.submit(() => "worker is free")).resolves.toBe("worker is free");
    expect(s.read("job.aborted")).toBe("stop now");
  });
});
