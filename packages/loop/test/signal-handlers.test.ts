// loop.addSignalHandler / removeSignalHandler with real signals: the test process sends itself
// SIGUSR2 (or SIGINT) with process.kill. A guard listener stays installed for SIGUSR2 throughout,
// so a signal that arrives when no handler of ours is set cannot end the test process.
import { constants } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { _isInTurn, getRunningLoop, type Coroutine, type ExceptionContext } from "@aio/core";
import { Future } from "@aio/future";
import { EventLoop, KeyboardInterrupt, ManualHost, MessageChannelHost, NodeHost, Runner, TestLoop, run, type Host } from "@aio/loop";
import { waitFor } from "@aio/combinators";

const guard = (): void => {};
beforeAll(() => {
  process.on("SIGUSR2", guard);
});
afterAll(() => {
  process.off("SIGUSR2", guard);
});

interface Call {
  args: unknown[];
  inTurn: boolean;
  runningLoop: unknown;
}

/** A handler that records how it was called and resolves `fut` with the record. */
function recorder(fut: Future<Call>) {
  return (...args: unknown[]): void => {
    const call = { args, inTurn: _isInTurn(), runningLoop: getRunningLoop() };
    if (!fut.done()) fut.setResult(call);
  };
}

describe("loop.addSignalHandler()", () => {
  it("runs the callback with its arguments as a loop callback (async main)", async () => {
    const call = await run(async () => {
      const loop = getRunningLoop() as EventLoop;
      const got = new Future<Call>({ loop });
      loop.addSignalHandler("SIGUSR2", recorder(got), 1, "two");
      process.kill(process.pid, "SIGUSR2");
      const result = await waitFor(got, 5);
      expect(result.runningLoop).toBe(loop);
      return result;
    });
    expect(call.args).toEqual([1, "two"]);
    expect(call.inTurn).toBe(true); // inside a loop iteration, not inside Node's signal event
  });

  it("runs the callback with its arguments as a loop callback (generator main)", async () => {
    const call = await run(function* (): Coroutine<Call> {
      const loop = getRunningLoop() as EventLoop;
      const got = new Future<Call>({ loop });
      loop.addSignalHandler(constants.signals.SIGUSR2, recorder(got), "by number");
      process.kill(process.pid, "SIGUSR2");
      return yield* waitFor(got, 5);
    });
    expect(call.args).toEqual(["by number"]);
    expect(call.inTurn).toBe(true);
  });

  it("a signal that arrives while the loop is stopped runs the callback when it runs again", async () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.addSignalHandler("SIGUSR2", () => log.push("handler"));
    process.kill(process.pid, "SIGUSR2");
    await new Promise((resolve) => setTimeout(resolve, 20)); // the signal event has fired by now
    expect(log).toEqual([]);
    const got = new Future<Call>({ loop });
    loop.callSoon(() => got.setResult({ args: [], inTurn: true, runningLoop: null }));
    await loop.runUntilComplete(got);
    expect(log).toEqual(["handler"]);
    loop.close();
  });

  it("a second handler for the same signal replaces the first (one process listener)", async () => {
    const listeners = process.listenerCount("SIGUSR2");
    const log = await run(async () => {
      const loop = getRunningLoop() as EventLoop;
      const log: string[] = [];
      const got = new Future<void>({ loop });
      loop.addSignalHandler("SIGUSR2", () => log.push("first"));
      loop.addSignalHandler("SIGUSR2", (tag: string) => {
        log.push(tag);
        got.setResult();
      }, "second");
      expect(process.listenerCount("SIGUSR2")).toBe(listeners + 1);
      process.kill(process.pid, "SIGUSR2");
      await waitFor(got, 5);
      return log;
    });
    expect(log).toEqual(["second"]);
    expect(process.listenerCount("SIGUSR2")).toBe(listeners); // run() closed the loop: handler removed
  });

  it("reports an error thrown by the callback to the exception handler", async () => {
    const context = await run(async () => {
      const loop = getRunningLoop() as EventLoop;
      const got = new Future<ExceptionContext>({ loop });
      loop.setExceptionHandler((_l, ctx) => got.setResult(ctx));
      loop.addSignalHandler("SIGUSR2", function onUsr2() {
        throw new Error("handler failed");
      });
      process.kill(process.pid, "SIGUSR2");
      return await waitFor(got, 5);
    });
    expect(context.message).toMatch(/^Exception in callback .*onUsr2/);
    expect((context.exception as Error).message).toBe("handler failed");
  });

  it("works on a TestLoop (its host is Node's)", async () => {
    const loop = new TestLoop();
    const got = new Future<Call>({ loop });
    loop.addSignalHandler("SIGUSR2", recorder(got), "virtual");
    process.kill(process.pid, "SIGUSR2");
    const call = await loop.runUntilComplete(got);
    expect(call.args).toEqual(["virtual"]);
    loop.close();
  });

  it("aliases reach the same handler: SIGIOT is SIGABRT", () => {
    const loop = new EventLoop();
    loop.addSignalHandler("SIGIOT", () => {});
    expect(loop.removeSignalHandler("SIGABRT")).toBe(true);
    expect(loop.removeSignalHandler(constants.signals.SIGABRT)).toBe(false);
    loop.close();
  });
});

describe("NodeHost signals", () => {
  it("signalName() resolves names and numbers to one canonical name, null when unknown", () => {
    const host = new NodeHost();
    expect(host.signalName("SIGTERM")).toBe("SIGTERM");
    expect(host.signalName(constants.signals.SIGTERM)).toBe("SIGTERM");
    expect(host.signalName("SIGIOT")).toBe("SIGABRT");
    expect(host.signalName("SIGFOO")).toBeNull();
    expect(host.signalName(0)).toBeNull();
  });

  it("MessageChannelHost and ManualHost have no signal support", () => {
    expect((new MessageChannelHost() as Host).signalName).toBeUndefined();
    expect((new ManualHost() as Host).addSignalListener).toBeUndefined();
  });
});

describe("loop.removeSignalHandler()", () => {
  it("returns true when it removed a handler and false when none was set", () => {
    const loop = new EventLoop();
    const before = process.listenerCount("SIGUSR2");
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(false);
    loop.addSignalHandler("SIGUSR2", () => {});
    expect(process.listenerCount("SIGUSR2")).toBe(before + 1);
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(true);
    expect(process.listenerCount("SIGUSR2")).toBe(before);
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(false);
    loop.close();
  });

  it("a removed handler no longer runs", async () => {
    const log = await run(async () => {
      const loop = getRunningLoop() as EventLoop;
      const log: string[] = [];
      loop.addSignalHandler("SIGUSR2", () => log.push("removed one"));
      loop.removeSignalHandler("SIGUSR2");
      const seen = new Promise<void>((resolve) => process.once("SIGUSR2", () => resolve()));
      process.kill(process.pid, "SIGUSR2");
      await seen; // the process got the signal...
      await new Promise((resolve) => setTimeout(resolve, 5)); // ...and the loop had turns since
      return log;
    });
    expect(log).toEqual([]);
  });

  it("close() removes every handler of the loop", () => {
    const loop = new EventLoop();
    const usr2 = process.listenerCount("SIGUSR2");
    const hup = process.listenerCount("SIGHUP");
    loop.addSignalHandler("SIGUSR2", () => {});
    loop.addSignalHandler("SIGHUP", () => {});
    loop.close();
    expect(process.listenerCount("SIGUSR2")).toBe(usr2);
    expect(process.listenerCount("SIGHUP")).toBe(hup);
    expect(loop.removeSignalHandler("SIGHUP")).toBe(false);
  });
});

describe("signal handler misuse", () => {
  const loop = new EventLoop();
  afterAll(() => loop.close());
  const noop = (): void => {};

  it.each([
    ["a string", "SIGUSR2"],
    ["null", null],
    ["a generator function", function* () {}],
    ["an async function", async () => {}],
  ])("addSignalHandler refuses %s as callback (TypeError)", (_what, callback) => {
    expect(() => loop.addSignalHandler("SIGUSR2", callback as () => void)).toThrow(TypeError);
    expect(() => loop.addSignalHandler("SIGUSR2", callback as () => void)).toThrow(/^addSignalHandler\(callback\): /);
  });

  it("names coroutines in the message, as CPython does", () => {
    expect(() => loop.addSignalHandler("SIGUSR2", async () => {})).toThrow(
      "addSignalHandler(callback): coroutines cannot be used with addSignalHandler(); pass a plain function that calls createTask()",
    );
  });

  it.each([
    ["null", null, TypeError, /^addSignalHandler\(signal\): expected a signal name such as "SIGINT" or an integer signal number, got null/],
    ["2.5", 2.5, TypeError, /^addSignalHandler\(signal\): expected .* got 2\.5/],
    ["an object", { name: "SIGINT" }, TypeError, /^addSignalHandler\(signal\): expected /],
    ["an unknown name", "SIGFOO", RangeError, /^addSignalHandler\(signal\): unknown signal name "SIGFOO"$/],
    ["a lowercase name", "sigint", RangeError, /^addSignalHandler\(signal\): unknown signal name "sigint"$/],
    ["0", 0, RangeError, /^addSignalHandler\(signal\): invalid signal number 0$/],
    ["999", 999, RangeError, /^addSignalHandler\(signal\): invalid signal number 999$/],
  ])("addSignalHandler refuses %s as signal", (_what, signal, error, message) => {
    expect(() => loop.addSignalHandler(signal as string, noop)).toThrow(error);
    expect(() => loop.addSignalHandler(signal as string, noop)).toThrow(message);
  });

  it.each([
    ["null", null, TypeError, /^removeSignalHandler\(signal\): expected /],
    ["an unknown name", "SIGFOO", RangeError, /^removeSignalHandler\(signal\): unknown signal name "SIGFOO"$/],
    ["-1", -1, RangeError, /^removeSignalHandler\(signal\): invalid signal number -1$/],
  ])("removeSignalHandler refuses %s as signal", (_what, signal, error, message) => {
    expect(() => loop.removeSignalHandler(signal as string)).toThrow(error);
    expect(() => loop.removeSignalHandler(signal as string)).toThrow(message);
  });

  it.each(["SIGKILL", "SIGSTOP", constants.signals.SIGKILL])("refuses %s: it cannot be caught (Error)", (signal) => {
    const before = process.listenerCount("SIGKILL") + process.listenerCount("SIGSTOP");
    const error = (() => {
      try {
        loop.addSignalHandler(signal, noop);
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected a throw");
    })();
    expect(error.constructor).toBe(Error);
    expect(error.message).toMatch(/^addSignalHandler\(signal\): SIG(KILL|STOP) cannot be caught$/);
    expect(process.listenerCount("SIGKILL") + process.listenerCount("SIGSTOP")).toBe(before);
    expect(loop.removeSignalHandler(signal)).toBe(false);
  });

  it("refuses on a closed loop", () => {
    const closed = new EventLoop();
    closed.close();
    expect(() => closed.addSignalHandler("SIGUSR2", noop)).toThrow(new Error("Event loop is closed"));
    expect(closed.removeSignalHandler("SIGUSR2")).toBe(false);
  });

  it("refuses on a host that cannot deliver signals (a manual or browser host)", () => {
    const manual = new EventLoop({ host: new ManualHost() });
    const message = "addSignalHandler(): the loop's host (ManualHost) cannot deliver signals; signal handlers need a Node host (NodeHost)";
    expect(() => manual.addSignalHandler("SIGUSR2", noop)).toThrow(new Error(message));
    expect(() => manual.removeSignalHandler("SIGUSR2")).toThrow(/^removeSignalHandler\(\): the loop's host \(ManualHost\) cannot deliver signals/);
    manual.close();
  });
});

describe("signal handlers and run()'s Ctrl-C handling", () => {
  it("a SIGINT handler set in main takes Ctrl-C over: main is not cancelled", async () => {
    const result = await run(async () => {
      const loop = getRunningLoop() as EventLoop;
      const got = new Future<string>({ loop });
      loop.addSignalHandler("SIGINT", () => got.setResult("user handler ran"));
      process.kill(process.pid, "SIGINT"); // a real Ctrl-C: run()'s listener sees it too, and steps aside
      return await waitFor(got, 5);
    });
    expect(result).toBe("user handler ran");
    expect(process.listenerCount("SIGINT")).toBe(0); // run() removed its listener, close() the loop's
  });

  it("run() does not install its own listener when the loop already has a SIGINT handler", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    const got = new Future<string>({ loop });
    loop.addSignalHandler("SIGINT", (tag: string) => got.setResult(tag), "mine");
    const counted = await runner.run(async () => {
      const n = process.listenerCount("SIGINT");
      process.kill(process.pid, "SIGINT");
      await waitFor(got, 5);
      return n;
    });
    expect(counted).toBe(1);
    expect(got.result()).toBe("mine");
    await runner.close();
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("once the SIGINT handler is removed, Ctrl-C cancels main again (KeyboardInterrupt)", async () => {
    const log: string[] = [];
    const result = run(async () => {
      const loop = getRunningLoop() as EventLoop;
      const first = new Future<void>({ loop });
      loop.addSignalHandler("SIGINT", () => first.setResult());
      process.kill(process.pid, "SIGINT");
      await waitFor(first, 5);
      log.push("handled by the loop");
      expect(loop.removeSignalHandler("SIGINT")).toBe(true);
      process.kill(process.pid, "SIGINT"); // now run()'s listener acts: main is cancelled
      try {
        await new Future<void>({ loop });
      } finally {
        log.push("main cancelled");
      }
    });
    await expect(result).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(log).toEqual(["handled by the loop", "main cancelled"]);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });
});

describe("signal handlers on a host of one's own", () => {
  /** A host that delivers signals when the test says so (and can refuse to listen). */
  class SignalHost extends ManualHost {
    readonly listening = new Map<string, () => void>();
    refuse: string | null = null;
    removeCalls: string[] = [];
    signalName(signal: string | number): string | null {
      if (signal === "SIGALIAS") return "SIGREAL";
      return signal === "SIGREAL" || signal === 42 ? "SIGREAL" : null;
    }
    addSignalListener(signal: string, listener: () => void): void {
      if (this.refuse !== null) throw new Error(this.refuse);
      this.listening.set(signal, listener);
    }
    removeSignalListener(signal: string, listener: () => void): void {
      this.removeCalls.push(signal);
      if (this.listening.get(signal) === listener) this.listening.delete(signal);
    }
    deliver(signal: string): void {
      this.listening.get(signal)?.();
    }
  }

  it("a delivered signal schedules the callback with its arguments, run in a later iteration", async () => {
    const host = new SignalHost();
    const loop = new EventLoop({ host });
    const calls: unknown[][] = [];
    loop.addSignalHandler("SIGREAL", (...args: unknown[]) => calls.push(args), "a", 2);
    const done = loop.runForever();
    host.deliver("SIGREAL");
    expect(calls).toEqual([]); // scheduled, not run inside the signal event
    host.fire();
    expect(calls).toEqual([["a", 2]]);
    // By number and by alias: the same handler, replaced (one listener, the new callback).
    loop.addSignalHandler(42, (...args: unknown[]) => calls.push(["replaced", ...args]), "b");
    loop.addSignalHandler("SIGALIAS", (...args: unknown[]) => calls.push(["again", ...args]));
    expect([...host.listening.keys()]).toEqual(["SIGREAL"]);
    host.deliver("SIGREAL");
    host.fire();
    expect(calls).toEqual([["a", 2], ["again"]]);
    loop.stop();
    host.fire();
    await done;
    loop.close();
  });

  it("a host that refuses to listen: the error names the argument, and no handler is left set", () => {
    const host = new SignalHost();
    const loop = new EventLoop({ host });
    host.refuse = "not here";
    expect(() => loop.addSignalHandler("SIGREAL", () => {})).toThrow(new Error("addSignalHandler(signal): not here"));
    expect(loop.removeSignalHandler("SIGREAL")).toBe(false);
    expect(host.removeCalls).toEqual([]);
    loop.close();
  });

  it("removing a handler or closing the loop stops the host listening; a late delivery runs nothing", () => {
    const host = new SignalHost();
    const other = new EventLoop({ host });
    const calls: string[] = [];
    other.addSignalHandler("SIGREAL", () => calls.push("ran"));
    const listener = host.listening.get("SIGREAL")!;
    expect(other.removeSignalHandler(42)).toBe(true);
    expect(host.removeCalls).toEqual(["SIGREAL"]);
    listener(); // a host that delivers late: the handler is gone
    other.addSignalHandler("SIGREAL", () => calls.push("ran"));
    const second = host.listening.get("SIGREAL")!;
    other.close();
    expect(host.removeCalls).toEqual(["SIGREAL", "SIGREAL"]);
    expect(host.listening.size).toBe(0);
    second(); // after close: nothing is scheduled, nothing throws
    expect(calls).toEqual([]);
  });

  it("a host without removeSignalListener can still have handlers removed", () => {
    const host = new SignalHost();
    (host as { removeSignalListener?: unknown }).removeSignalListener = undefined;
    const loop = new EventLoop({ host });
    loop.addSignalHandler("SIGREAL", () => {});
    expect(loop.removeSignalHandler("SIGREAL")).toBe(true);
    loop.addSignalHandler("SIGREAL", () => {});
    expect(() => loop.close()).not.toThrow();
  });

  it("names a host without a constructor name as 'this host'", () => {
    const host = Object.assign(Object.create(null) as object, { request() {}, cancel() {} }) as Host;
    const loop = new EventLoop({ host });
    expect(() => loop.addSignalHandler("SIGREAL", () => {})).toThrow(
      new Error("addSignalHandler(): the loop's host (this host) cannot deliver signals; signal handlers need a Node host (NodeHost)"),
    );
    const half = Object.assign(new ManualHost(), { signalName: () => "SIGREAL" });
    const loop2 = new EventLoop({ host: half });
    expect(() => loop2.removeSignalHandler("SIGREAL")).toThrow(
      new Error("removeSignalHandler(): the loop's host (ManualHost) cannot deliver signals; signal handlers need a Node host (NodeHost)"),
    );
    loop.close();
    loop2.close();
  });
});
