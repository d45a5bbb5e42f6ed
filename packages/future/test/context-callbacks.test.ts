// Done callbacks added with a context (asyncio's add_done_callback(fn, context=...)): they run in
// that context, can be removed like bare ones, and report their errors like any callback.
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "@aio/core";
import { Context, ContextVar } from "@aio/contextvars";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";

const v = new ContextVar<string>("v", { default: "unset" });

function contextWith(value: string): Context {
  const ctx = new Context();
  ctx.run(() => v.set(value));
  return ctx;
}

describe("a done callback with a context", () => {
  it("runs in that context, after and before bare callbacks in registration order", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const seen: string[] = [];
    fut.addDoneCallback(() => seen.push(`a ${v.get()}`), { context: contextWith("one") });
    fut.addDoneCallback(() => seen.push(`b ${v.get()}`), { context: contextWith("two") });
    fut.setResult(1);
    loop.runUntilIdle();
    expect(seen).toEqual(["a one", "b two"]);
  });

  it("added to a done future runs on the next iteration, in its context", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    fut.setResult(1);
    const seen: string[] = [];
    fut.addDoneCallback(() => seen.push(v.get()), { context: contextWith("late") });
    expect(seen).toEqual([]);
    loop.runUntilIdle();
    expect(seen).toEqual(["late"]);
  });

  it("is removed by removeDoneCallback(fn), first or later in line, and counted", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const seen: string[] = [];
    const a = (): void => void seen.push("a");
    const b = (): void => void seen.push("b");
    const c = (): void => void seen.push("c");
    const ctx = contextWith("x");
    fut.addDoneCallback(a, { context: ctx });
    fut.addDoneCallback(b, { context: ctx });
    fut.addDoneCallback(c, { context: ctx });
    fut.addDoneCallback(b, { context: ctx });
    expect(fut.removeDoneCallback(a)).toBe(1);
    expect(fut.removeDoneCallback(b)).toBe(2);
    expect(fut.removeDoneCallback(b)).toBe(0);
    fut.setResult(1);
    loop.runUntilIdle();
    expect(seen).toEqual(["c"]);
  });

  it("is known to be registered (bare or with a context), and no longer once removed", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const a = (): void => {};
    const b = (): void => {};
    const never = (): void => {};
    expect(fut._hasDoneCallback(a)).toBe(false);
    fut.addDoneCallback(a, { context: contextWith("x") });
    fut.addDoneCallback(b, { context: contextWith("y") });
    expect(fut._hasDoneCallback(a)).toBe(true);
    expect(fut._hasDoneCallback(b)).toBe(true);
    expect(fut._hasDoneCallback(never)).toBe(false);
    fut.removeDoneCallback(b);
    expect(fut._hasDoneCallback(b)).toBe(false);
    const bare = new Future<number>({ loop });
    bare.addDoneCallback(a);
    bare.addDoneCallback(b);
    expect(bare._hasDoneCallback(b)).toBe(true);
    expect(bare._hasDoneCallback(never)).toBe(false);
  });

  it("refuses options that are not an object, and a context that is not a Context, naming them", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const fn = (): void => {};
    expect(() => fut.addDoneCallback(fn, 5 as never)).toThrow(new TypeError("Future.addDoneCallback(fn, options): expected { context? }, got 5 (number)"));
    expect(() => fut.addDoneCallback(fn, null as never)).toThrow(new TypeError("Future.addDoneCallback(fn, options): expected { context? }, got null"));
    expect(() => fut.addDoneCallback(fn, { context: {} as never })).toThrow(/^Future\.addDoneCallback\(fn, options\): options\.context must be a Context \(from @aio\/contextvars\), null or undefined, got Object \(object\)$/);
    expect(fut._hasDoneCallback(fn)).toBe(false);
    fut.addDoneCallback(fn, { context: null });
    fut.addDoneCallback(fn, {});
    expect(fut.removeDoneCallback(fn)).toBe(2);
  });
});

describe("a context callback on a loop of another kind", () => {
  function customLoop() {
    const scheduled: unknown[][] = [];
    const queued: { _run(): void }[] = [];
    const reports: ExceptionContext[] = [];
    const loop = {
      callSoon: (...args: unknown[]) => void scheduled.push(args),
      isClosed: () => false,
      createTask: () => {
        throw new Error("unused");
      },
      callExceptionHandler: (ctx: ExceptionContext) => void reports.push(ctx),
    };
    return { loop, scheduled, queued, reports };
  }

  it("goes through callSoon(fn, future, { context }) when the loop has no queue of runnables", () => {
    const { loop, scheduled } = customLoop();
    const fut = new Future<number>({ loop: loop as never });
    const ctx = contextWith("c");
    const fn = (): void => {};
    fut.addDoneCallback(fn, { context: ctx });
    fut.setResult(1);
    expect(scheduled).toEqual([[fn, fut, { context: ctx }]]);
  });

  it("reports a callback's error to the loop's exception handler, naming the callback", () => {
    const { loop, queued, reports } = customLoop();
    const withQueue = { ...loop, _enqueue: (r: { _run(): void }) => void queued.push(r) };
    const fut = new Future<number>({ loop: withQueue as never });
    const boom = new Error("boom");
    const seen: string[] = [];
    fut.addDoneCallback(function failing() {
      seen.push(v.get());
      throw boom;
    }, { context: contextWith("inside") });
    fut.addDoneCallback((() => () => {
      throw boom;
    })(), { context: contextWith("anon") });
    fut.addDoneCallback(() => seen.push(`ok ${v.get()}`), { context: contextWith("fine") });
    fut.setResult(1);
    expect(queued).toHaveLength(3);
    expect(String(queued[0])).toBe("<Handle failing()>");
    expect(String(queued[1])).toBe("<Handle anonymous()>");
    for (const r of queued) r._run();
    expect(seen).toEqual(["inside", "ok fine"]);
    expect(v.get()).toBe("unset");
    expect(reports).toEqual([
      { message: "Exception in callback failing()", exception: boom },
      { message: "Exception in callback anonymous()", exception: boom },
    ]);
  });
});
