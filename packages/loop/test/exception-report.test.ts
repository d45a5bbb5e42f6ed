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
