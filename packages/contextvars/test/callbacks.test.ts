// Context variables and loop callbacks: callSoon/callLater/callAt run their callback in a copy of
// the context current when it was scheduled, or in `{ context }` given as the last argument; a
// future's done callbacks run in the context current when they were added.
import { describe, expect, it } from "vitest";
import type { ConcurrentFutureLike, Coroutine, ExceptionContext, Executor } from "@aio/core";
import { Context, ContextVar } from "@aio/contextvars";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { sleep } from "@aio/combinators";

const v = new ContextVar<string>("v", { default: "unset" });

describe("callSoon, callLater and callAt", () => {
  it("run a callback in a copy of the context current when it was scheduled: its sets stay its own", async () => {
    const loop = new TestLoop();
    const seen: string[] = [];
    await loop.runUntilComplete(function* (): Coroutine<void> {
      v.set("task");
      loop.callSoon(() => {
        seen.push(`soon: ${v.get()}`);
        v.set("set by soon");
      });
      loop.callLater(1, (x: number) => {
        seen.push(`later: ${v.get()} ${x}`);
        v.set("set by later");
      }, 7);
      loop.callAt(2, () => seen.push(`at: ${v.get()}`));
      v.set("task, after scheduling");
      yield* sleep(3);
      seen.push(`task: ${v.get()}`);
    });
    expect(seen).toEqual(["soon: task", "later: task 7", "at: task", "task: task, after scheduling"]);
  });

  it("take { context } as the last argument, after the callback's arguments, and run the callback in it", async () => {
    const loop = new TestLoop();
    const ctx = new Context();
    ctx.run(() => v.set("ctx"));
    const seen: unknown[] = [];
    await loop.runUntilComplete(async () => {
      v.set("task");
      loop.callSoon(() => {
        seen.push(v.get());
        v.set("written by soon");
      }, { context: ctx });
      loop.callSoon((a: number, b: string) => seen.push([a, b, v.get()]), 1, "two", { context: ctx });
      loop.callLater(0.5, (a: number) => seen.push([a, v.get()]), 3, { context: ctx });
      loop.callAt(1, (a: number, b: number) => seen.push([a, b, v.get()]), 4, 5, { context: ctx });
      // null or undefined: the current context (copied), as CPython's context=None.
      loop.callSoon(() => seen.push(`null: ${v.get()}`), { context: null });
      loop.callSoon(() => seen.push(`undefined: ${v.get()}`), { context: undefined });
      await sleep(2);
    });
    expect(seen).toEqual(["ctx", [1, "two", "written by soon"], "null: task", "undefined: task", [3, "written by soon"], [4, 5, "written by soon"]]);
  });

  it("pass any other last argument on to the callback: only a plain { context } object is taken as options", async () => {
    const loop = new TestLoop();
    const got: unknown[] = [];
    const arg1 = { context: new Context(), other: 1 };
    const arg2 = Object.assign(Object.create(null) as object, { context: new Context() });
    class Options {
      context = new Context();
    }
    const arg3 = new Options();
    loop.callSoon((a: unknown) => got.push(a), arg1);
    loop.callSoon((a: unknown) => got.push(a), arg2);
    loop.callSoon((a: unknown) => got.push(a), arg3);
    loop.callSoon((a: unknown) => got.push(a), {});
    loop.callLater(0, (a: unknown) => got.push(a), arg1);
    loop.runUntilIdle();
    expect(got.length).toBe(5);
    expect(got[0] === arg1 && got[1] === arg2 && got[2] === arg3 && got[4] === arg1).toBe(true);
    expect(got[3]).toEqual({});
  });

  it("refuse { context } that is not a Context, naming the method and option", () => {
    const loop = new TestLoop();
    expect(() => loop.callSoon(() => {}, { context: "ctx" as never })).toThrow(TypeError);
    expect(() => loop.callSoon(() => {}, { context: "ctx" as never })).toThrow(
      'callSoon(..., options): options.context must be a Context (from @aio/contextvars), null or undefined, got "ctx" (string)',
    );
    expect(() => loop.callLater(1, () => {}, { context: 1 as never })).toThrow(/^callLater\(\.\.\., options\): options\.context must be a Context/);
    expect(() => loop.callAt(1, () => {}, { context: {} as never })).toThrow(/^callAt\(\.\.\., options\): options\.context must be a Context/);
  });

  it("report a callback whose context is already entered when it is due, as CPython's RuntimeError", () => {
    const loop = new TestLoop();
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, c) => reports.push(c));
    const ctx = new Context();
    let ran = false;
    loop.callSoon(() => (ran = true), { context: ctx });
    ctx.run(() => loop.runUntilIdle());
    expect(ran).toBe(false);
    expect(reports.map((r) => [r.message, (r.exception as Error).message])).toEqual([
      ["Exception in callback anonymous()", "cannot enter context: <Context empty> is already entered"],
    ]);
  });

  it("report a callback that throws inside its context, and leave the context", async () => {
    const loop = new TestLoop();
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, c) => reports.push(c));
    const ctx = new Context();
    loop.callSoon(function failing() {
      v.set("before the error");
      throw new Error("boom");
    }, { context: ctx });
    loop.callLater(1, function failingLater() {
      throw new Error("later");
    }, { context: ctx });
    await loop.runUntilComplete(sleep(2));
    expect(reports.map((r) => r.message)).toEqual(["Exception in callback failing()", "Exception in callback failingLater()"]);
    expect(ctx.get(v)).toBe("before the error");
    expect(ctx.run(() => v.get())).toBe("before the error"); // not left entered
  });
});

describe("Future.addDoneCallback", () => {
  it("runs the callback in the context current when it was added, not the one that completed the future", async () => {
    const loop = new TestLoop();
    const seen: string[] = [];
    const fut = new Future<number>({ loop });
    await loop.runUntilComplete(async () => {
      const a = createTask(async () => {
        v.set("adder");
        fut.addDoneCallback(() => seen.push(`callback: ${v.get()}`));
        fut.addDoneCallback(() => seen.push(`second: ${v.get()}`));
        const extra = new Context();
        extra.run(() => v.set("explicit"));
        fut.addDoneCallback(() => seen.push(`explicit: ${v.get()}`), { context: extra });
      });
      const b = createTask(function* (): Coroutine<void> {
        v.set("completer");
        yield* sleep(1);
        fut.setResult(1);
      });
      await a;
      await b;
      await sleep(1);
      // Added once done: scheduled at once, in the current context.
      v.set("late");
      fut.addDoneCallback(() => seen.push(`late: ${v.get()}`));
      await sleep(0);
    });
    expect(seen).toEqual(["callback: adder", "second: adder", "explicit: explicit", "late: late"]);
  });

  it("reports a done callback that throws, as a loop callback, and leaves its context", async () => {
    const loop = new TestLoop();
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, c) => reports.push(c));
    const ctx = new Context();
    const fut = new Future<number>({ loop });
    fut.addDoneCallback(function failingDone() {
      v.set("set before throwing");
      throw new Error("done callback failed");
    }, { context: ctx });
    fut.setResult(1);
    loop.runUntilIdle();
    expect(reports.map((r) => [r.message, (r.exception as Error).message, String(r.handle)])).toEqual([
      ["Exception in callback failingDone()", "done callback failed", "<Handle failingDone()>"],
    ]);
    expect(ctx.get(v)).toBe("set before throwing");
    expect(ctx.run(() => v.get())).toBe("set before throwing");
  });

  it("removeDoneCallback removes callbacks stored with their context", () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const cb = (): void => {};
    fut.addDoneCallback(cb);
    fut.addDoneCallback(() => {});
    fut.addDoneCallback(cb, { context: new Context() });
    expect(fut.removeDoneCallback(cb)).toBe(2);
  });

  it("refuses options that are not { context? } with a Context", () => {
    const fut = new Future<number>({ loop: new TestLoop() });
    expect(() => fut.addDoneCallback(() => {}, 5 as never)).toThrow("Future.addDoneCallback(fn, options): expected { context? }, got 5 (number)");
    expect(() => fut.addDoneCallback(() => {}, { context: 5 as never })).toThrow(
      "Future.addDoneCallback(fn, options): options.context must be a Context (from @aio/contextvars), null or undefined, got 5 (number)",
    );
  });
});

describe("loop.runInExecutor", () => {
  /** A stand-in executor: runs the job and completes its concurrent future later, from a host timer (as a worker's message arrives). */
  function fakeExecutor(): Executor & { contextsSeen: string[] } {
    const contextsSeen: string[] = [];
    return {
      contextsSeen,
      submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): ConcurrentFutureLike<Awaited<R>> {
        let done = false;
        let value: R;
        const callbacks: ((f: ConcurrentFutureLike<Awaited<R>>) => void)[] = [];
        const cf: ConcurrentFutureLike<Awaited<R>> = {
          cancel: () => false,
          cancelled: () => false,
          running: () => !done,
          done: () => done,
          result: () => value as Awaited<R>,
          exception: () => null,
          addDoneCallback: (cb) => void (done ? cb(cf) : callbacks.push(cb)),
          then: (ok, bad) => Promise.resolve(value as Awaited<R>).then(ok, bad),
        };
        setTimeout(() => {
          contextsSeen.push(v.get()); // a host callback, made inside the task: AsyncLocalStorage ties it to the task
          value = fn(...args);
          done = true;
          for (const cb of callbacks) cb(cf);
        }, 1);
        return cf;
      },
      map: () => (async function* () {})(),
      shutdown: () => Promise.resolve(),
    };
  }

  it("completes the loop future from a host callback; the awaiting task and its callbacks keep their contexts", async () => {
    const loop = new TestLoop();
    const executor = fakeExecutor();
    const seen: string[] = [];
    await loop.runUntilComplete(async () => {
      const job = (x: number): number => x * 2;
      await Promise.all(
        ["a", "b"].map((name) =>
          createTask(async () => {
            v.set(name);
            const fut = loop.runInExecutor(executor, job, 21);
            fut.addDoneCallback(() => seen.push(`${name}'s callback: ${v.get()}`));
            const result = await fut;
            seen.push(`${name}: ${result} ${v.get()}`);
          }),
        ),
      );
    });
    expect(executor.contextsSeen.sort()).toEqual(["a", "b"]);
    expect(seen.sort()).toEqual(["a's callback: a", "a: 42 a", "b's callback: b", "b: 42 b"]);
  });
});
