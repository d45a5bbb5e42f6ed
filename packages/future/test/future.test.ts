import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CancelledError, FUTURE, InvalidStateError, setEventLoop, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { iterationCounter } from "./helpers.js";

afterEach(() => setEventLoop(null));

describe("new Future()", () => {
  it("starts pending, bound to the given loop", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    expect(fut.done()).toBe(false);
    expect(fut.cancelled()).toBe(false);
    expect(fut.getLoop()).toBe(loop);
    expect(fut[FUTURE]).toBe(false);
  });

  it("uses getEventLoop() when no loop is given", () => {
    const loop = new TestLoop();
    setEventLoop(loop);
    expect(new Future().getLoop()).toBe(loop);
  });

  it("throws when no loop is given and there is none to find", () => {
    expect(() => new Future()).toThrow(/no current event loop/);
  });

  it("refuses a loop passed positionally, and anything that is not an options object", () => {
    const loop = new TestLoop();
    expect(() => new Future(loop as never)).toThrow(/^Future\(options\): expected \{ loop\? \}, got /);
    expect(() => new Future(null as never)).toThrow("Future(options): expected { loop? }, got null");
    expect(() => new Future(3 as never)).toThrow("Future(options): expected { loop? }, got 3 (number)");
  });

  it("is created by loop.createFuture() as well", () => {
    const loop = new TestLoop();
    const fut = loop.createFuture<string>();
    expect(fut).toBeInstanceOf(Future);
    expect(fut.getLoop()).toBe(loop);
  });
});

describe("Future state machine", () => {
  const make = <T>() => new Future<T>({ loop: new TestLoop() });

  it("result() and exception() of a pending future throw InvalidStateError", () => {
    const fut = make<number>();
    expect(() => fut.result()).toThrow(new InvalidStateError("Result is not ready."));
    expect(() => fut.exception()).toThrow(new InvalidStateError("Exception is not set."));
    expect(() => fut.result()).toThrow(InvalidStateError);
  });

  it("setResult() finishes it: result() returns the value and exception() null", () => {
    const fut = make<number>();
    fut.setResult(42);
    expect(fut.done()).toBe(true);
    expect(fut.cancelled()).toBe(false);
    expect(fut.result()).toBe(42);
    expect(fut.exception()).toBeNull();
  });

  it("setResult(undefined) is a result like any other", () => {
    const fut = make<undefined>();
    fut.setResult(undefined);
    expect(fut.result()).toBeUndefined();
    expect(fut.exception()).toBeNull();
  });

  it("setException() finishes it: result() throws the error and exception() returns it", () => {
    const fut = make<number>();
    const err = new RangeError("bad");
    fut.setException(err);
    expect(fut.done()).toBe(true);
    expect(fut.cancelled()).toBe(false);
    expect(() => fut.result()).toThrow(err);
    expect(fut.exception()).toBe(err);
  });

  it("setException() keeps non-Error values, and instantiates an Error class", () => {
    const a = make<number>();
    a.setException("plain string");
    expect(a.exception()).toBe("plain string");
    const b = make<number>();
    b.setException(TypeError);
    expect(b.exception()).toBeInstanceOf(TypeError);
    const c = make<number>();
    c.setException(Error);
    expect(c.exception()).toBeInstanceOf(Error);
  });

  it("setException(undefined) is a TypeError and leaves the future pending", () => {
    const fut = make<number>();
    expect(() => fut.setException(undefined)).toThrow(new TypeError("Future.setException(error): error must not be undefined"));
    expect(fut.done()).toBe(false);
  });

  it("setting a finished future throws InvalidStateError naming the state, and keeps the first outcome", () => {
    const fut = make<number>();
    fut.setResult(1);
    expect(() => fut.setResult(2)).toThrow(new InvalidStateError("finished: <Future finished result=1>"));
    expect(() => fut.setException(new Error("x"))).toThrow(InvalidStateError);
    expect(fut.result()).toBe(1);
  });

  it("setting a failed future throws InvalidStateError", () => {
    const fut = make<number>();
    fut.setException(new Error("first"));
    expect(() => fut.setResult(2)).toThrow(InvalidStateError);
    expect(() => fut.setException(new Error("second"))).toThrow(InvalidStateError);
    expect((fut.exception() as Error).message).toBe("first");
  });

  it("setting a cancelled future throws InvalidStateError", () => {
    const fut = make<number>();
    fut.cancel();
    expect(() => fut.setResult(1)).toThrow(new InvalidStateError("cancelled: <Future cancelled>"));
    expect(() => fut.setException(new Error("x"))).toThrow(InvalidStateError);
  });

  it("cancel() cancels a pending future once and returns true, then false", () => {
    const fut = make<number>();
    expect(fut.cancel()).toBe(true);
    expect(fut.cancelled()).toBe(true);
    expect(fut.done()).toBe(true);
    expect(fut.cancel()).toBe(false);
  });

  it("cancel() of a finished future returns false and changes nothing", () => {
    const fut = make<number>();
    fut.setResult(1);
    expect(fut.cancel("late")).toBe(false);
    expect(fut.cancelled()).toBe(false);
    expect(fut.result()).toBe(1);
  });

  it('result() and exception() of a cancelled future throw CancelledError with the message, "" when none', () => {
    const withMsg = make<number>();
    withMsg.cancel("stop now");
    expect(() => withMsg.result()).toThrow(new CancelledError("stop now"));
    expect(() => withMsg.exception()).toThrow(new CancelledError("stop now"));

    const noMsg = make<number>();
    noMsg.cancel();
    let caught: unknown;
    try {
      noMsg.result();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CancelledError);
    expect((caught as CancelledError).message).toBe("");
  });
});

describe("Future done callbacks", () => {
  it("are scheduled with loop.callSoon when the future completes, never called synchronously", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const calls: unknown[] = [];
    const cb = (f: Future<number>): void => void calls.push(f.result());
    fut.addDoneCallback(cb);
    const callSoon = vi.spyOn(loop, "callSoon");
    fut.setResult(7);
    expect(calls).toEqual([]);
    expect(callSoon).toHaveBeenCalledWith(cb, fut);
    loop.runUntilIdle();
    expect(calls).toEqual([7]);
  });

  it("run on the next loop iteration after completion, in registration order", () => {
    const loop = new TestLoop();
    const fut = new Future<string>({ loop });
    const counter = iterationCounter(loop);
    const log: string[] = [];
    fut.addDoneCallback(() => log.push(`a@${counter.count()}`));
    fut.addDoneCallback(() => log.push(`b@${counter.count()}`));
    fut.addDoneCallback(() => log.push(`c@${counter.count()}`));
    loop.callSoon(() => fut.setResult("x")); // runs in iteration 1, after the counter
    loop.runUntilIdle();
    expect(log).toEqual(["a@2", "b@2", "c@2"]);
  });

  it("receive the future itself", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    let seen: unknown = null;
    fut.addDoneCallback((f) => (seen = f));
    fut.cancel();
    loop.runUntilIdle();
    expect(seen).toBe(fut);
  });

  it("run also when added after completion, on the next iteration and never synchronously", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    fut.setResult(1);
    const log: string[] = [];
    fut.addDoneCallback(() => log.push("late"));
    expect(log).toEqual([]);
    loop.runUntilIdle();
    expect(log).toEqual(["late"]);
  });

  it("run for each way of completing: result, exception, cancellation", () => {
    const loop = new TestLoop();
    const outcomes: string[] = [];
    const record = (f: Future<number>): void => {
      outcomes.push(f.cancelled() ? "cancelled" : f.exception() !== null ? "failed" : "ok");
    };
    const [a, b, c] = [new Future<number>({ loop }), new Future<number>({ loop }), new Future<number>({ loop })];
    for (const f of [a, b, c]) f.addDoneCallback(record);
    a.setResult(1);
    b.setException(new Error("x"));
    c.cancel();
    loop.runUntilIdle();
    expect(outcomes).toEqual(["ok", "failed", "cancelled"]);
  });

  it("addDoneCallback() throws a TypeError for a non-function", () => {
    const fut = new Future<number>({ loop: new TestLoop() });
    expect(() => fut.addDoneCallback(42 as never)).toThrow("Future.addDoneCallback(fn): expected a function, got 42 (number)");
  });

  it("removeDoneCallback() removes every registration and returns how many there were", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const log: string[] = [];
    const a = (): void => void log.push("a");
    const b = (): void => void log.push("b");
    fut.addDoneCallback(a); // the inline slot
    fut.addDoneCallback(b);
    fut.addDoneCallback(a); // and a duplicate in the list
    fut.addDoneCallback(b);
    expect(fut.removeDoneCallback(a)).toBe(2);
    expect(fut.removeDoneCallback(a)).toBe(0);
    fut.setResult(1);
    loop.runUntilIdle();
    expect(log).toEqual(["b", "b"]);
  });

  it("removeDoneCallback() of a function never added returns 0", () => {
    const fut = new Future<number>({ loop: new TestLoop() });
    fut.addDoneCallback(() => {});
    expect(fut.removeDoneCallback(() => {})).toBe(0);
  });

  it("keep registration order after a removal", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const log: string[] = [];
    const mk = (name: string) => () => void log.push(name);
    const [a, b, c] = [mk("a"), mk("b"), mk("c")];
    fut.addDoneCallback(a);
    fut.addDoneCallback(b);
    fut.addDoneCallback(c);
    fut.removeDoneCallback(a);
    fut.addDoneCallback(a);
    fut.setResult(0);
    loop.runUntilIdle();
    expect(log).toEqual(["b", "c", "a"]);
  });

  it("report an error thrown by a callback to the loop's exception handler, and still run the others", () => {
    const loop = new TestLoop();
    const contexts: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => contexts.push(ctx.exception));
    const fut = new Future<number>({ loop });
    const err = new Error("callback failed");
    const log: string[] = [];
    fut.addDoneCallback(() => {
      throw err;
    });
    fut.addDoneCallback(() => log.push("second"));
    fut.setResult(1);
    loop.runUntilIdle();
    expect(contexts).toEqual([err]);
    expect(log).toEqual(["second"]);
  });
});

describe("yield* future", () => {
  it("returns the result of a done future at once, with no loop iteration", async () => {
    const loop = new TestLoop();
    const done = new Future<number>({ loop });
    done.setResult(5);
    const counter = iterationCounter(loop);
    const result = await loop.runUntilComplete(function* (): Coroutine<{ sum: number; start: number; end: number }> {
      const start = counter.count();
      let sum = 0;
      for (let i = 0; i < 1000; i++) sum += yield* done;
      return { sum, start, end: counter.count() };
    });
    expect(result.sum).toBe(5000);
    expect(result.end).toBe(result.start);
  });

  it("throws the error of a failed future at once, where the coroutine can catch it", async () => {
    const loop = new TestLoop();
    const failed = new Future<number>({ loop });
    const err = new Error("nope");
    failed.setException(err);
    const caught = await loop.runUntilComplete(function* () {
      try {
        yield* failed;
        return null;
      } catch (e) {
        return e;
      }
    });
    expect(caught).toBe(err);
  });

  it("suspends on a pending future and resumes the iteration after it completes, with its value", async () => {
    const loop = new TestLoop();
    const fut = new Future<string>({ loop });
    const counter = iterationCounter(loop);
    let setAt = -1;
    // Complete the future a few iterations from now.
    loop.callSoon(() =>
      loop.callSoon(() =>
        loop.callSoon(() => {
          setAt = counter.count();
          fut.setResult("late");
        }),
      ),
    );
    const out = await loop.runUntilComplete(function* () {
      const before = counter.count();
      const value = yield* fut;
      return { value, before, after: counter.count() };
    });
    expect(out.value).toBe("late");
    expect(setAt).toBe(3);
    expect(out.before).toBe(1);
    expect(out.after).toBe(setAt + 1);
  });

  it("suspends across virtual time until a timer completes the future", async () => {
    const loop = new TestLoop();
    const fut = new Future<string>({ loop });
    loop.callLater(1.5, () => fut.setResult("timer"));
    const out = await loop.runUntilComplete(function* () {
      const value = yield* fut;
      return [value, loop.time()];
    });
    expect(out).toEqual(["timer", 1.5]);
  });

  it("suspends on a pending future that is then cancelled and throws CancelledError with its message", async () => {
    const loop = new TestLoop();
    const fut = new Future<string>({ loop });
    loop.callLater(1, () => fut.cancel("gone"));
    const caught = await loop.runUntilComplete(function* () {
      try {
        yield* fut;
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(caught).toBeInstanceOf(CancelledError);
    expect((caught as Error).message).toBe("gone");
  });

  it("drives the iterator protocol: a done future completes on the first next(), a pending one yields itself and raises the blocking flag", () => {
    const loop = new TestLoop();
    const pending = new Future<number>({ loop });
    const step = pending[Symbol.iterator]().next();
    expect(step.done).toBe(false);
    expect(step.value).toBe(pending);
    expect(pending[FUTURE]).toBe(true);

    const done = new Future<number>({ loop });
    done.setResult(3);
    expect(done[Symbol.iterator]().next()).toEqual({ done: true, value: 3 });
    expect(done[FUTURE]).toBe(false);
  });
});

describe("await future", () => {
  it("resolves with the result once the loop completes the future", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    loop.callLater(2, () => fut.setResult(10));
    const out = await loop.runUntilComplete(async () => {
      const v = await fut;
      return [v, loop.time()];
    });
    expect(out).toEqual([10, 2]);
  });

  it("rejects with the stored error", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const err = new Error("bad");
    fut.setException(err);
    await expect(fut).rejects.toBe(err);
  });

  it("rejects with CancelledError carrying the cancel message", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    fut.cancel("bye");
    await expect(fut).rejects.toThrow(new CancelledError("bye"));
  });

  it("supports then() chaining and onRejected", async () => {
    const loop = new TestLoop();
    const ok = new Future<number>({ loop });
    ok.setResult(2);
    await expect(ok.then((v) => v * 3).then((v) => `${v}!`)).resolves.toBe("6!");
    const bad = new Future<number>({ loop });
    bad.setException(new Error("e"));
    await expect(bad.then(null, (e: unknown) => (e as Error).message)).resolves.toBe("e");
    await expect(bad.then(undefined, () => "handled")).resolves.toBe("handled");
  });

  it("settles a pending future's promise only when the loop runs its done callbacks", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    let settled = false;
    void fut.then(() => (settled = true));
    fut.setResult(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(false); // the done callback has not run yet
    loop.runUntilIdle();
    await Promise.resolve();
    expect(settled).toBe(true);
  });

  it("counts as reading the error: awaiting a failed future retrieves it", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    fut.setException(new Error("read me"));
    await fut.then(null, () => {});
    expect(fut._logTraceback).toBe(false);
  });
});

describe("Future.toString()", () => {
  it("shows the kind and the state", () => {
    const loop = new TestLoop();
    const pending = new Future<number>({ loop });
    expect(String(pending)).toBe("<Future pending>");
    const ok = new Future<unknown>({ loop });
    ok.setResult(1);
    expect(String(ok)).toBe("<Future finished result=1>");
    const text = new Future<string>({ loop });
    text.setResult("hi");
    expect(String(text)).toBe('<Future finished result="hi">');
    const failed = new Future<number>({ loop });
    failed.setException(new TypeError("boom"));
    expect(String(failed)).toBe('<Future finished exception=TypeError("boom")>');
    failed.exception();
    const cancelled = new Future<number>({ loop });
    cancelled.cancel();
    expect(String(cancelled)).toBe("<Future cancelled>");
  });

  it("shortens long strings and is what util.inspect shows", () => {
    const loop = new TestLoop();
    const fut = new Future<string>({ loop });
    fut.setResult("x".repeat(100));
    expect(String(fut)).toBe(`<Future finished result="${"x".repeat(37)}...">`);
    expect(inspect(fut)).toBe(String(fut));
  });
});
