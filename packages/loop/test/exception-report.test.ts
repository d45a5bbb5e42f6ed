import { describe, expect, it } from "vitest";
import type { EventLoop as EventLoopLike, ExceptionContext } from "@aio/core";
import { Future } from "@aio/future";
import { Handle, TestLoop } from "@aio/loop";
import { captureConsole } from "./helpers.js";

describe("EventLoop exception handler", () => {
  it("is null until set; setExceptionHandler(null) restores the default", () => {
    const loop = new TestLoop();
    expect(loop.getExceptionHandler()).toBeNull();
    const handler = (): void => {};
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBeNull();
  });

  it("setExceptionHandler() throws a TypeError for anything but a function or null", () => {
    const loop = new TestLoop();
    expect(() => loop.setExceptionHandler("log" as never)).toThrow(new TypeError('setExceptionHandler(handler): expected a function or null, got "log" (string)'));
    expect(() => loop.setExceptionHandler({} as never)).toThrow(new TypeError("setExceptionHandler(handler): expected a function or null, got Object (object)"));
    expect(loop.getExceptionHandler()).toBeNull();
  });

  it("callExceptionHandler() calls the handler as (loop, context)", () => {
    const loop = new TestLoop();
    const calls: [EventLoopLike, ExceptionContext][] = [];
    loop.setExceptionHandler((l, ctx) => calls.push([l, ctx]));
    const context = { message: "something broke", exception: new Error("x") };
    loop.callExceptionHandler(context);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe(loop);
    expect(calls[0]![1]).toBe(context);
  });

  it("receives message, exception and handle when a callback throws", () => {
    const loop = new TestLoop();
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => contexts.push(ctx));
    const err = new Error("callback failed");
    loop.callSoon(function failing() {
      throw err;
    });
    loop.callLater(1, function failingTimer() {
      throw err;
    });
    loop.advance(1);
    expect(contexts.map((c) => c.message)).toEqual(["Exception in callback failing()", "Exception in callback failingTimer()"]);
    expect(contexts.every((c) => c.exception === err)).toBe(true);
    expect(contexts.every((c) => c.handle instanceof Handle)).toBe(true);
    expect(String(contexts[0]!.handle)).toBe("<Handle failing()>");
  });

  it("keeps the loop running after a callback throws", () => {
    const loop = new TestLoop();
    loop.setExceptionHandler(() => {});
    const log: string[] = [];
    loop.callSoon(() => {
      throw new Error("first");
    });
    loop.callSoon(() => log.push("second"));
    loop.runUntilIdle();
    expect(log).toEqual(["second"]);
  });

  it('reports a handler that throws through the default handler as "Unhandled error in exception handler"', async () => {
    const loop = new TestLoop();
    const handlerError = new Error("handler is broken");
    loop.setExceptionHandler(() => {
      throw handlerError;
    });
    const printed = await captureConsole("error", () => loop.callExceptionHandler({ message: "original problem" }));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^Unhandled error in exception handler\n/);
    expect(printed[0]).toContain("context:\n  message: original problem");
    expect(printed[0]).not.toContain("[object Object]");
    expect(printed[0]).toContain(handlerError.stack!);
  });

  it("prints the original context's message and error, with its stack, when the handler throws", async () => {
    // Before: "context: [object Object]", and the original error was never shown.
    const loop = new TestLoop();
    const original = new Error("the callback failed");
    const handlerError = new Error("handler is broken");
    loop.setExceptionHandler(() => {
      throw handlerError;
    });
    const printed = await captureConsole("error", () => {
      loop.callSoon(function failing() {
        throw original;
      });
      loop.runUntilIdle();
    });
    expect(printed).toHaveLength(1);
    const text = printed[0]!;
    const indented = (s: string): string => s.replace(/^/gm, "  ");
    expect(text).toBe(
      [
        "Unhandled error in exception handler",
        "context:",
        "  message: Exception in callback failing()",
        "  handle: <Handle failing()>",
        indented(original.stack!),
        handlerError.stack!,
      ].join("\n"),
    );
  });

  it("passes the original context along when the handler throws", () => {
    const loop = new TestLoop();
    loop.setExceptionHandler(() => {
      throw new Error("broken");
    });
    const seen: ExceptionContext[] = [];
    loop.defaultExceptionHandler = (ctx) => void seen.push(ctx);
    const original = { message: "original problem" };
    loop.callExceptionHandler(original);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.message).toBe("Unhandled error in exception handler");
    expect(seen[0]!.context).toBe(original);
    expect((seen[0]!.exception as Error).message).toBe("broken");
  });
});

describe("EventLoop.defaultExceptionHandler()", () => {
  it("prints the message, the handle and future involved, and the error with its stack", async () => {
    const loop = new TestLoop();
    const err = new TypeError("bad thing");
    const future = new Future<number>({ loop });
    const handle = loop.callSoon(function involved() {});
    const printed = await captureConsole("error", () =>
      loop.defaultExceptionHandler({ message: "Something failed", exception: err, handle, future }),
    );
    expect(printed).toHaveLength(1);
    const lines = printed[0]!.split("\n");
    expect(lines[0]).toBe("Something failed");
    expect(lines).toContain("future: <Future pending>");
    expect(lines).toContain("handle: <Handle involved()>");
    expect(printed[0]).toContain(err.stack!);
  });

  it("is what callExceptionHandler() uses when no handler is set", async () => {
    const loop = new TestLoop();
    const printed = await captureConsole("error", () => loop.callExceptionHandler({ message: "no handler set" }));
    expect(printed).toEqual(["no handler set"]);
  });

  it("prints a non-Error exception and a task key too", async () => {
    const loop = new TestLoop();
    const task = loop.createTask(function* () {}, { name: "worker" });
    const printed = await captureConsole("error", () =>
      loop.defaultExceptionHandler({ message: "", exception: "a string", task }),
    );
    const lines = printed[0]!.split("\n");
    expect(lines[0]).toBe("Unhandled exception in event loop");
    expect(lines).toContain("exception: a string");
    expect(lines.some((l) => l.startsWith("task: <Task pending name=worker"))).toBe(true);
    loop.runUntilIdle();
  });
});

describe("the text the default exception handler prints", () => {
  const print = async (loop: TestLoop, context: ExceptionContext): Promise<string> => {
    const printed = await captureConsole("error", () => loop.defaultExceptionHandler(context));
    expect(printed).toHaveLength(1);
    return printed[0]!;
  };

  it("lists the other keys sorted by name, showing null, undefined, numbers and errors on one line each", async () => {
    const loop = new TestLoop();
    const context = { message: "m", zeta: 1, alpha: null, middle: undefined, cause: new RangeError("too far") } as unknown as ExceptionContext;
    expect(await print(loop, context)).toBe("m\nalpha: null\ncause: RangeError: too far\nmiddle: undefined\nzeta: 1");
  });

  it("shows an Error given as the message by its name and message", async () => {
    const loop = new TestLoop();
    expect(await print(loop, { message: new TypeError("odd") } as unknown as ExceptionContext)).toBe("TypeError: odd");
  });

  it("prints a nested context key by key, indented, with only the keys it has", async () => {
    const loop = new TestLoop();
    const context = { message: "outer", context: { detail: 1 }, info: Object.assign(Object.create(null) as object, { a: "x" }) } as unknown as ExceptionContext;
    expect(await print(loop, context)).toBe("outer\ncontext:\n  detail: 1\ninfo:\n  a: x");
  });

  it("indents every line of a nested context's error stack", async () => {
    const loop = new TestLoop();
    const err = new Error("inner");
    err.stack = "Error: inner\n    at here";
    const text = await print(loop, { message: "outer", context: { message: "m", exception: err } } as unknown as ExceptionContext);
    expect(text).toBe("outer\ncontext:\n  message: m\n  Error: inner\n      at here");
  });

  it("expands nested contexts four levels deep, then shows them on one line", async () => {
    const loop = new TestLoop();
    let inner: Record<string, unknown> = { message: "5" };
    for (let level = 4; level >= 1; level--) inner = { message: String(level), next: inner };
    const text = await print(loop, { message: "top", next: inner } as unknown as ExceptionContext);
    expect(text).toBe(
      [
        "top",
        "next:",
        "  message: 1",
        "  next:",
        "    message: 2",
        "    next:",
        "      message: 3",
        "      next:",
        "        message: 4",
        "        next: [object Object]",
      ].join("\n"),
    );
  });

  it("shows a context that contains itself, or a cycle, once", async () => {
    const loop = new TestLoop();
    const self: Record<string, unknown> = { message: "self" };
    self.me = self;
    expect(await print(loop, self as unknown as ExceptionContext)).toBe("self\nme: [object Object]");
    const a: Record<string, unknown> = { message: "a" };
    a.b = { message: "b", back: a };
    expect(await print(loop, a as unknown as ExceptionContext)).toBe("a\nb:\n  message: b\n  back: [object Object]");
  });
});
