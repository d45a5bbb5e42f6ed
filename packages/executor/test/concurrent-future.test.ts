import { CancelledError, InvalidStateError } from "@aio/core";
import { describe, expect, it, vi } from "vitest";
import { ConcurrentFuture } from "../src/concurrent-future.js";

describe("ConcurrentFuture states", () => {
  it("starts pending: not running, not done, not cancelled", () => {
    const f = new ConcurrentFuture<number>();
    expect([f.running(), f.done(), f.cancelled()]).toEqual([false, false, false]);
    expect(String(f)).toBe("<ConcurrentFuture pending>");
  });

  it("throws InvalidStateError from result() and exception() while pending or running", () => {
    const f = new ConcurrentFuture<number>();
    expect(() => f.result()).toThrow(InvalidStateError);
    expect(() => f.exception()).toThrow(InvalidStateError);
    expect(f.setRunningOrNotifyCancel()).toBe(true);
    expect(f.running()).toBe(true);
    expect(() => f.result()).toThrow(InvalidStateError);
    expect(() => f.exception()).toThrow(InvalidStateError);
  });

  it("keeps a result: result() returns it and exception() is null", () => {
    const f = new ConcurrentFuture<number>();
    f.setResult(7);
    expect([f.done(), f.running(), f.result(), f.exception()]).toEqual([true, false, 7, null]);
    expect(String(f)).toBe("<ConcurrentFuture finished returned number>");
  });

  it("keeps an error: result() throws it and exception() returns it", () => {
    const f = new ConcurrentFuture<number>();
    const error = new RangeError("bad");
    f.setException(error);
    expect(() => f.result()).toThrow(error);
    expect(f.exception()).toBe(error);
    expect(String(f)).toBe("<ConcurrentFuture finished raised RangeError>");
  });

  it("refuses to be set twice, and refuses to be set once cancelled", () => {
    const f = new ConcurrentFuture<number>();
    f.setResult(1);
    expect(() => f.setResult(2)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error("x"))).toThrow(InvalidStateError);
    const g = new ConcurrentFuture<number>();
    g.cancel();
    expect(() => g.setResult(2)).toThrow(InvalidStateError);
    expect(f.result()).toBe(1);
  });
});

describe("ConcurrentFuture.cancel()", () => {
  it("cancels a pending future, and returns true again when it is already cancelled (CPython)", () => {
    const f = new ConcurrentFuture<number>();
    expect(f.cancel()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(f.done()).toBe(true);
    expect(f.cancel()).toBe(true);
    expect(() => f.result()).toThrow(CancelledError);
    expect(() => f.exception()).toThrow(CancelledError);
  });

  it("returns false once the future is running or finished", () => {
    const running = new ConcurrentFuture<number>();
    running.setRunningOrNotifyCancel();
    expect(running.cancel()).toBe(false);
    expect(running.running()).toBe(true);
    const finished = new ConcurrentFuture<number>();
    finished.setResult(1);
    expect(finished.cancel()).toBe(false);
    expect(finished.result()).toBe(1);
  });

  it("makes setRunningOrNotifyCancel() return false, so the job is skipped", () => {
    const f = new ConcurrentFuture<number>();
    f.cancel();
    expect(f.setRunningOrNotifyCancel()).toBe(false);
    const done = new ConcurrentFuture<number>();
    done.setResult(1);
    expect(() => done.setRunningOrNotifyCancel()).toThrow(/^ConcurrentFuture\.setRunningOrNotifyCancel\(\): Future in unexpected state: <ConcurrentFuture finished returned number>$/);
  });
});

describe("ConcurrentFuture.abort()", () => {
  it("cancels a pending future like cancel()", () => {
    const f = new ConcurrentFuture<number>();
    expect(f.abort()).toBe(true);
    expect(f.cancelled()).toBe(true);
  });

  it("returns false for a running future whose owner cannot stop it", () => {
    const f = new ConcurrentFuture<number>();
    f.setRunningOrNotifyCancel();
    expect(f.abort()).toBe(false);
    expect(f.running()).toBe(true);
  });

  it("cancels a running future and tells the owner, with the reason", () => {
    const f = new ConcurrentFuture<number>();
    f.setRunningOrNotifyCancel();
    const handler = vi.fn();
    f._abortHandler = handler;
    const reason = new Error("stop");
    expect(f.abort(reason)).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(handler).toHaveBeenCalledExactlyOnceWith(reason);
    expect(f.abort()).toBe(true);
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

describe("ConcurrentFuture.addDoneCallback()", () => {
  it("calls the callback synchronously when the future completes, in order", () => {
    const f = new ConcurrentFuture<number>();
    const calls: string[] = [];
    f.addDoneCallback(() => calls.push("a"));
    f.addDoneCallback((g) => calls.push(`b${g.result()}`));
    expect(calls).toEqual([]);
    f.setResult(1);
    expect(calls).toEqual(["a", "b1"]);
  });

  it("calls the callback at once when the future is already done", () => {
    const f = new ConcurrentFuture<number>();
    f.cancel();
    const cb = vi.fn();
    f.addDoneCallback(cb);
    expect(cb).toHaveBeenCalledExactlyOnceWith(f);
  });

  it("logs an error thrown by a callback and still calls the others", () => {
    const f = new ConcurrentFuture<number>();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const after = vi.fn();
    f.addDoneCallback(() => {
      throw new Error("callback failed");
    });
    f.addDoneCallback(after);
    f.setResult(1);
    expect(after).toHaveBeenCalledOnce();
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[0])).toContain("exception calling callback for <ConcurrentFuture finished");
    log.mockRestore();
  });
});

describe("ConcurrentFuture.then()", () => {
  it("resolves with the result when awaited", async () => {
    const f = new ConcurrentFuture<string>();
    setTimeout(() => f.setResult("ok"), 1);
    await expect(f).resolves.toBe("ok");
  });

  it("rejects with the job's error, or with CancelledError when cancelled", async () => {
    const failed = new ConcurrentFuture<string>();
    const error = new Error("job failed");
    failed.setException(error);
    await expect(failed).rejects.toBe(error);
    const cancelled = new ConcurrentFuture<string>();
    cancelled.cancel();
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
  });
});
