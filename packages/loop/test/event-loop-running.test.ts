// EventLoop: running, stopping, closing, misuse, runUntilComplete, tasks, debug mode.
import { afterEach, describe, expect, it } from "vitest";
import { _getRunningLoop, _setRunningLoop, getRunningLoop, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, currentTask } from "@aio/task";
import { busyWait, captureConsole, macrotask, manualLoop } from "./helpers.js";

afterEach(() => {
  // A failed test must not leave a loop marked as running for the next one.
  if (_getRunningLoop() !== null) _setRunningLoop(null);
});

describe("EventLoop.runForever() and stop()", () => {
  it("sets the running loop while it runs and clears it after", async () => {
    const loop = new TestLoop();
    let seen: unknown = null;
    let running = false;
    loop.callSoon(() => {
      seen = getRunningLoop();
      running = loop.isRunning();
      loop.stop();
    });
    await loop.runForever();
    expect(seen).toBe(loop);
    expect(running).toBe(true);
    expect(loop.isRunning()).toBe(false);
    expect(() => getRunningLoop()).toThrow("no running event loop");
  });

  it("stop() before runForever() runs exactly one iteration", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callSoon(() => {
      log.push("first");
      loop.callSoon(() => log.push("second"));
    });
    loop.stop();
    await loop.runForever();
    expect(log).toEqual(["first"]);
    loop.stop();
    await loop.runForever(); // the callback scheduled meanwhile runs on the next run
    expect(log).toEqual(["first", "second"]);
  });

  it("stop() inside a callback finishes the iteration, then stops", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callSoon(() => {
      log.push("A");
      loop.stop();
      loop.callSoon(() => log.push("C (next iteration)"));
    });
    loop.callSoon(() => log.push("B"));
    await loop.runForever();
    expect(log).toEqual(["A", "B"]);
  });

  it("stop() from outside while idle wakes the loop and stops it", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    expect(loop.isRunning()).toBe(true);
    loop.stop();
    expect(host.pending?.delay).toBe(0);
    host.fire();
    await done;
    expect(loop.isRunning()).toBe(false);
  });

  it("can run again after it stopped", async () => {
    const loop = new TestLoop();
    for (let i = 0; i < 3; i++) {
      loop.callSoon(() => loop.stop());
      await loop.runForever();
    }
    expect(loop.isRunning()).toBe(false);
  });
});

describe("EventLoop misuse", () => {
  it('refuses to schedule on a closed loop with Error("Event loop is closed")', () => {
    const loop = new TestLoop();
    loop.close();
    const closed = new Error("Event loop is closed");
    expect(() => loop.callSoon(() => {})).toThrow(closed);
    expect(() => loop.callLater(1, () => {})).toThrow(closed);
    expect(() => loop.callAt(1, () => {})).toThrow(closed);
    expect(() => loop.createTask(function* () {})).toThrow(closed);
  });

  it("reports running a closed loop as a rejection, never a synchronous throw", async () => {
    const loop = new TestLoop();
    loop.close();
    let forever!: Promise<void>;
    let complete!: Promise<unknown>;
    expect(() => {
      forever = loop.runForever();
      complete = loop.runUntilComplete(function* () {});
    }).not.toThrow();
    await expect(forever).rejects.toThrow(new Error("Event loop is closed"));
    await expect(complete).rejects.toThrow(new Error("Event loop is closed"));
  });

  it('rejects running a loop that already runs with "This event loop is already running"', async () => {
    const loop = new TestLoop();
    const attempts: Promise<unknown>[] = [];
    loop.callSoon(() => {
      attempts.push(loop.runForever(), loop.runUntilComplete(function* () {}));
      loop.stop();
    });
    await loop.runForever();
    for (const p of attempts) await expect(p).rejects.toThrow(new Error("This event loop is already running"));
  });

  it('rejects running a loop while another one runs with "Cannot run the event loop while another loop is running"', async () => {
    const outer = new TestLoop();
    const inner = new TestLoop();
    const attempts: Promise<unknown>[] = [];
    outer.callSoon(() => {
      attempts.push(inner.runForever(), inner.runUntilComplete(function* () {}));
      outer.stop();
    });
    await outer.runForever();
    for (const p of attempts) {
      await expect(p).rejects.toThrow(new Error("Cannot run the event loop while another loop is running"));
    }
    expect(inner.isRunning()).toBe(false);
  });

  it('refuses close() while running with "Cannot close a running event loop"', async () => {
    const loop = new TestLoop();
    let error: unknown = null;
    loop.callSoon(() => {
      try {
        loop.close();
      } catch (e) {
        error = e;
      }
      loop.stop();
    });
    await loop.runForever();
    expect(error).toEqual(new Error("Cannot close a running event loop"));
    expect(loop.isClosed()).toBe(false);
  });
});

describe("EventLoop.runUntilComplete()", () => {
  it("resolves with the result of a future completed by the loop", async () => {
    const loop = new TestLoop();
    const fut = loop.createFuture<string>();
    loop.callLater(2, () => fut.setResult("done"));
    await expect(loop.runUntilComplete(fut)).resolves.toBe("done");
    expect(loop.time()).toBe(2);
    expect(loop.isRunning()).toBe(false);
  });

  it("rejects with the error of a failed future", async () => {
    const loop = new TestLoop();
    const fut = loop.createFuture<string>();
    const err = new Error("failed");
    loop.callSoon(() => fut.setException(err));
    await expect(loop.runUntilComplete(fut)).rejects.toBe(err);
  });

  it("runs a generator coroutine, a generator function and an async function in a task", async () => {
    const loop = new TestLoop();
    // The task is wrapped: a promise cannot resolve to a PromiseLike (a task), it would adopt it.
    function* gen(): Coroutine<{ task: unknown }> {
      return { task: currentTask() };
    }
    const { task: a } = await loop.runUntilComplete(gen());
    const { task: b } = await loop.runUntilComplete(gen);
    const { task: c } = await loop.runUntilComplete(async () => ({ task: currentTask() }));
    // (Tasks are iterable: compare them by identity, never hand them to deep-equality matchers.)
    expect([a, b, c].map((t) => t instanceof Task)).toEqual([true, true, true]);
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it("accepts a PromiseLike", async () => {
    const loop = new TestLoop();
    await expect(loop.runUntilComplete(Promise.resolve(7))).resolves.toBe(7);
    await expect(loop.runUntilComplete(Promise.reject(new Error("no")))).rejects.toThrow("no");
  });

  it("resolves with an already-done future's result", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    fut.setResult(1);
    await expect(loop.runUntilComplete(fut)).resolves.toBe(1);
  });

  it('rejects with "Event loop stopped before Future completed." when stopped first', async () => {
    const loop = new TestLoop();
    const fut = loop.createFuture<number>();
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(new Error("Event loop stopped before Future completed."));
    expect(fut.done()).toBe(false);
  });

  it("rejects a future of another loop (RangeError) and a value that is not awaitable (TypeError)", async () => {
    const loop = new TestLoop();
    const other = new TestLoop();
    await expect(loop.runUntilComplete(other.createFuture())).rejects.toThrow(RangeError);
    await expect(loop.runUntilComplete(42 as never)).rejects.toThrow(TypeError);
  });

  it("stops as soon as the future completes, leaving later timers alone", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callLater(5, () => log.push("later"));
    const fut = loop.createFuture<void>();
    loop.callLater(1, () => fut.setResult());
    await loop.runUntilComplete(fut);
    expect(loop.time()).toBe(1);
    expect(log).toEqual([]);
  });
});

describe("EventLoop.createTask() and the task factory", () => {
  it("creates a Task on this loop with the given name", async () => {
    const loop = new TestLoop();
    const t = loop.createTask(function* () {
      return 1;
    }, { name: "worker" });
    expect(t).toBeInstanceOf(Task);
    expect(t.getLoop()).toBe(loop);
    expect(t.getName()).toBe("worker");
    await expect(loop.runUntilComplete(t)).resolves.toBe(1);
  });

  it("goes through the task factory, called as (loop, coro, options), then applies the name", async () => {
    const loop = new TestLoop();
    const calls: unknown[][] = [];
    loop.setTaskFactory((l, coro, options) => {
      calls.push([l, options]);
      return new Task(coro, { loop: l });
    });
    const t = loop.createTask(function* () {}, { name: "named" });
    expect(calls).toEqual([[loop, {}]]);
    expect(t.getName()).toBe("named");
    expect(loop.getTaskFactory()).not.toBeNull();
    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBeNull();
    await loop.runUntilComplete(t);
  });

  it("setTaskFactory() throws a TypeError for a non-function", () => {
    const loop = new TestLoop();
    expect(() => loop.setTaskFactory(1 as never)).toThrow(new TypeError("setTaskFactory(factory): task factory must be a callable or null, got 1 (number)"));
  });
});

describe("EventLoop.close()", () => {
  it("drops pending callbacks and timers, and is idempotent", () => {
    const loop = new TestLoop();
    loop.callSoon(() => {});
    loop.callLater(1, () => {});
    loop.close();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(loop._ready.length).toBe(0);
    expect(loop._timers.size).toBe(0);
  });

  it('reports tasks still pending ("Task was destroyed but it is pending!"), except the one runUntilComplete made', async () => {
    const loop = new TestLoop();
    const reports: unknown[][] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push([ctx.message, ctx.task]));
    const never = loop.createFuture<void>();
    let orphan: Task<void> | null = null;
    const main = loop.createTask(function* () {
      orphan = loop.createTask(function* () {
        yield* never;
      });
      yield* never;
    });
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(main)).rejects.toThrow("Event loop stopped");
    loop.close();
    // main was made by createTask, so it is reported too; a coroutine given to runUntilComplete would not be.
    expect(reports.map(([message]) => message)).toEqual([
      "Task was destroyed but it is pending!",
      "Task was destroyed but it is pending!",
    ]);
    expect(reports[0]![1] === main && reports[1]![1] === orphan).toBe(true);
  });

  it("does not report the task runUntilComplete created for a coroutine", async () => {
    const loop = new TestLoop();
    const reports: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx.message));
    const never = loop.createFuture<void>();
    loop.callSoon(() => loop.stop());
    await expect(
      loop.runUntilComplete(function* () {
        yield* never;
      }),
    ).rejects.toThrow("Event loop stopped");
    loop.close();
    expect(reports).toEqual([]);
  });
});

describe("EventLoop debug mode", () => {
  it("setDebug() and getDebug() switch it", () => {
    const loop = new TestLoop();
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
  });

  it("reports a callback that took at least slowCallbackDuration", async () => {
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 0.005;
    const printed = await captureConsole("warn", () => {
      loop.callSoon(function slowOne() {
        busyWait(10);
      });
      loop.callSoon(function fastOne() {});
      loop.runUntilIdle();
    });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^Executing <Handle slowOne\(\)> took 0\.\d{3} seconds$/);
  });

  it("reports nothing when debug mode is off", async () => {
    const loop = new TestLoop();
    loop.slowCallbackDuration = 0.005;
    const printed = await captureConsole("warn", () => {
      loop.callSoon(() => busyWait(10));
      loop.runUntilIdle();
    });
    expect(printed).toEqual([]);
  });
});

describe("EventLoop with async functions", () => {
  it("lets async-function continuations run between iterations", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      log.push("start");
      await Promise.resolve();
      log.push("after a native await");
      const fut = loop.createFuture<number>();
      loop.callSoon(() => fut.setResult(5));
      log.push(`got ${await fut}`);
    });
    expect(log).toEqual(["start", "after a native await", "got 5"]);
  });

  it("wakes up for callSoon() made from a promise callback outside any turn", async () => {
    const loop = new TestLoop();
    const done = loop.runForever();
    await macrotask();
    expect(loop.isRunning()).toBe(true);
    await Promise.resolve().then(() => loop.callSoon(() => loop.stop()));
    await done;
    expect(loop.isRunning()).toBe(false);
  });
});

describe("EventLoop.createTask(): what it accepts and what it passes on", () => {
  it("accepts a generator coroutine, a generator function, an async function and a PromiseLike", async () => {
    const loop = new TestLoop();
    function* gen(): Coroutine<string> {
      return "gen";
    }
    const tasks = [
      loop.createTask(gen()),
      loop.createTask(gen),
      loop.createTask(async () => "async"),
      loop.createTask(Promise.resolve("promise")),
    ];
    const results: string[] = [];
    for (const t of tasks) results.push(await loop.runUntilComplete(t));
    expect(results).toEqual(["gen", "gen", "async", "promise"]);
    expect(() => loop.createTask({} as never)).toThrow(new TypeError("createTask(coro): a coroutine was expected, got Object (object)"));
  });

  it("passes eagerStart on: the first step runs inside createTask() while the loop runs (both styles)", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    await loop.runUntilComplete(function* () {
      loop.createTask(
        function* () {
          log.push("gen step");
        },
        { eagerStart: true },
      );
      loop.createTask(
        async () => {
          log.push("async step");
        },
        { eagerStart: true },
      );
      log.push("after createTask");
    });
    expect(log).toEqual(["gen step", "async step", "after createTask"]);
  });

  it("calls the task factory with the options minus the name, and {} when none are given", async () => {
    const loop = new TestLoop();
    const seen: unknown[] = [];
    loop.setTaskFactory((l, coro, options) => {
      seen.push(options);
      return new Task(coro, { loop: l, name: "from-factory" });
    });
    const plain = loop.createTask(function* () {});
    const eager = loop.createTask(async () => {}, { eagerStart: false, name: "renamed" });
    expect(seen).toEqual([{}, { eagerStart: false }]);
    // No name given: the factory's own name stays.
    expect(plain.getName()).toBe("from-factory");
    expect(eager.getName()).toBe("renamed");
    await loop.runUntilComplete(plain);
    await loop.runUntilComplete(eager);
  });

  it("lets the task factory decide what it accepts", async () => {
    const loop = new TestLoop();
    loop.setTaskFactory(
      (l) =>
        new Task(function* () {
          return "made by the factory";
        }, { loop: l }) as never,
    );
    const t = loop.createTask(42 as never);
    await expect(loop.runUntilComplete(t)).resolves.toBe("made by the factory");
  });

  it('refuses on a closed loop even with a task factory: "Event loop is closed"', () => {
    const loop = new TestLoop();
    let calls = 0;
    loop.setTaskFactory((l, coro) => {
      calls++;
      return new Task(coro, { loop: l });
    });
    loop.close();
    expect(() => loop.createTask(function* () {})).toThrow(new Error("Event loop is closed"));
    expect(calls).toBe(0);
  });
});

describe("EventLoop.close(): what is dropped and what is reported", () => {
  it("drops pending callbacks and timers: they never run, even if the handles are kept", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    const h = loop.callSoon(() => log.push("callback"));
    const t = loop.callLater(1, () => log.push("timer"));
    loop.close();
    expect(h.cancelled()).toBe(false);
    expect(t.cancelled()).toBe(false);
    expect(() => loop.advance(1)).toThrow(new Error("Event loop is closed"));
    expect(() => loop.runUntilIdle()).toThrow(new Error("Event loop is closed"));
    expect(log).toEqual([]);
    expect(() => t.cancel()).not.toThrow();
  });

  it("reports a pending task once, and a second close() reports nothing more", () => {
    const loop = new TestLoop();
    const reports: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx.message));
    const never = loop.createFuture<void>();
    loop.createTask(function* () {
      yield* never;
    });
    loop.runUntilIdle();
    loop.close();
    loop.close();
    expect(reports).toEqual(["Task was destroyed but it is pending!"]);
  });

  it("reports a failed future nobody read, with the future", () => {
    const loop = new TestLoop();
    const reports: unknown[][] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push([ctx.message, ctx.future === fut, (ctx.exception as Error).message]));
    const fut = loop.createFuture<void>();
    fut.setException(new Error("nobody read me"));
    loop.close();
    expect(reports).toEqual([["Future exception was never retrieved", true, "nobody read me"]]);
  });

  it("shuts the default executor down without waiting, once, and swallows a failed shutdown", async () => {
    const loop = new TestLoop();
    const calls: unknown[] = [];
    loop.setDefaultExecutor({
      submit: () => {
        throw new Error("unused");
      },
      map: () => {
        throw new Error("unused");
      },
      shutdown: (options?: unknown) => {
        calls.push(options);
        return Promise.reject(new Error("shutdown failed"));
      },
    } as never);
    loop.close();
    loop.close();
    await macrotask(); // an unhandled rejection would fail the run
    expect(calls).toEqual([{ wait: false }]);
    expect(loop._defaultExecutor).toBeNull();
  });
});

describe("EventLoop.shutdownDefaultExecutor()", () => {
  it("waits for a default executor that is still loading, then shuts it down", async () => {
    const loop = new TestLoop();
    const calls: unknown[] = [];
    const executor = {
      submit: () => Promise.resolve(1),
      map: () => {
        throw new Error("unused");
      },
      shutdown: (options?: unknown) => {
        calls.push(options);
        return Promise.resolve();
      },
    };
    loop._defaultExecutorLoading = Promise.resolve(executor as never);
    await loop.shutdownDefaultExecutor();
    expect(calls).toEqual([{ wait: true }]);
    expect(() => loop.runInExecutor(null, () => 1)).toThrow(new Error("Executor shutdown has been called"));
  });

  it("resolves when the default executor failed to load", async () => {
    const loop = new TestLoop();
    loop._defaultExecutorLoading = Promise.reject(new Error("not installed"));
    await expect(loop.shutdownDefaultExecutor()).resolves.toBeUndefined();
    expect(() => loop.runInExecutor(null, () => 1)).toThrow(new Error("Executor shutdown has been called"));
  });
});

describe("EventLoop.stop() while runUntilComplete() runs", () => {
  it("rejects, keeps the future pending, and a later runUntilComplete() of it resolves (both styles)", async () => {
    const loop = new TestLoop();
    const gate = loop.createFuture<void>();
    const gen = loop.createTask(function* () {
      yield* gate;
      return "gen";
    });
    const asy = loop.createTask(async () => {
      await gate;
      return "async";
    });
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(gen)).rejects.toThrow(new Error("Event loop stopped before Future completed."));
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(asy)).rejects.toThrow(new Error("Event loop stopped before Future completed."));
    expect(gen.done() || asy.done()).toBe(false);
    loop.callLater(1, () => gate.setResult());
    await expect(loop.runUntilComplete(gen)).resolves.toBe("gen");
    await expect(loop.runUntilComplete(asy)).resolves.toBe("async");
  });

  it("the loop runs on until the iteration in progress ends, then the run rejects", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    const fut = loop.createFuture<void>();
    loop.callSoon(() => {
      loop.stop();
      log.push("stopper");
    });
    loop.callSoon(() => log.push("same iteration"));
    loop.callSoon(() => loop.callSoon(() => log.push("next iteration")));
    await expect(loop.runUntilComplete(fut)).rejects.toThrow("Event loop stopped before Future completed.");
    expect(log).toEqual(["stopper", "same iteration"]);
    expect(loop.isRunning()).toBe(false);
  });
});

describe("EventLoop and async-function steps", () => {
  it("waits for an async-function task's step before the next entry of the iteration", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      const fut = loop.createFuture<number>();
      const worker = loop.createTask(async () => {
        log.push("A waits");
        const v = await fut;
        log.push(`A resumed with ${v}`);
        await Promise.resolve(); // a native await inside the step: still the same step
        log.push("A step ends");
      });
      loop.callSoon(() => {
        fut.setResult(1); // A's wake-up is queued first...
        loop.callSoon(() => log.push("B")); // ...then B, in the same iteration
      });
      await worker;
    });
    // Python order: A's step runs whole before B.
    expect(log).toEqual(["A waits", "A resumed with 1", "A step ends", "B"]);
  });

  it("goes on with the iteration from the microtask that ended the step, without another host turn", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const log: string[] = [];
    loop.createTask(async () => {
      log.push("A step");
      await Promise.resolve();
      log.push("A step, after a native await");
    });
    loop.callSoon(() => log.push("B"));
    loop.callSoon(() => loop.callSoon(() => log.push("C (next iteration)")));
    host.fire(); // runs A's first step, then pauses for it
    expect(log).toEqual(["A step"]);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(log).toEqual(["A step", "A step, after a native await", "B", "C (next iteration)"]);
    loop.stop();
    host.fire();
    await done;
  });

  it("a step that ends in a foreign await lets the iteration go on at the next host turn", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const log: string[] = [];
    let release!: () => void;
    const foreign = new Promise<void>((r) => (release = r));
    const t = loop.createTask(async () => {
      log.push("A step");
      await foreign;
      log.push("A after the foreign await");
    });
    loop.callSoon(() => log.push("B"));
    host.fire();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(log).toEqual(["A step"]); // the loop still waits for the step
    expect(host.pending?.delay).toBe(0); // the fallback turn
    host.fire(); // every microtask has run: the step outlived its iteration
    expect(log).toEqual(["A step", "B"]);
    release();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(log).toEqual(["A step", "B", "A after the foreign await"]);
    loop.stop();
    host.fire();
    await done;
    expect(t.done()).toBe(true);
  });

  it("a stop() from inside a step takes effect once the step has ended", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const log: string[] = [];
    loop.createTask(async () => {
      await Promise.resolve();
      loop.stop();
      log.push("A stopped the loop");
    });
    loop.callSoon(() => log.push("B, same iteration"));
    loop.callSoon(() => loop.callSoon(() => log.push("never: next iteration")));
    host.fire();
    await done;
    expect(log).toEqual(["A stopped the loop", "B, same iteration"]);
    expect(loop.isRunning()).toBe(false);
  });

  it("TestLoop.advance() runs an async task's steps detached: they run after it returns, in order", async () => {
    const loop = new TestLoop();
    loop.callSoon(() => loop.stop());
    await loop.runForever(); // a loop that ran before: nothing of that run may linger
    const log: string[] = [];
    loop.createTask(async () => {
      log.push("A first step");
      await Promise.resolve();
      log.push("A after a native await");
    });
    loop.callSoon(() => log.push("B"));
    loop.advance(0);
    expect(log).toEqual(["A first step", "B"]);
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(["A first step", "B", "A after a native await"]);
    // A step that never ends (a foreign await) leaves nothing behind that would refuse the next advance().
    loop.createTask(async () => {
      await new Promise(() => {});
    });
    loop.advance(0);
    await Promise.resolve();
    expect(() => loop.advance(0)).not.toThrow();
  });

  it("TestLoop.advance() on a loop that never ran: a step that never ends does not block the next advance()", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.createTask(async () => {
      log.push("A");
      await new Promise(() => {}); // foreign, never settles
    });
    loop.callSoon(() => log.push("B"));
    loop.advance(0);
    await Promise.resolve();
    expect(() => loop.advance(0)).not.toThrow();
    expect(log).toEqual(["A", "B"]);
  });

  it("after a step that awaited something foreign, the rest of the iteration is still one iteration: stop() holds back the next", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const log: string[] = [];
    loop.createTask(async () => {
      loop.callSoon(() => log.push("C (next iteration)"));
      await new Promise(() => {}); // foreign, never settles
    });
    loop.callSoon(() => {
      log.push("B stops");
      loop.stop();
    });
    host.fire();
    await new Promise((r) => setImmediate(r));
    host.fire(); // the fallback turn: the iteration goes on with B, then stops
    await done;
    expect(log).toEqual(["B stops"]);
  });
});
