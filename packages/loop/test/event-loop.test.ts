import { afterEach, describe, expect, it } from "vitest";
import { _getRunningLoop, _setRunningLoop, getRunningLoop, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { EventLoop, Handle, TestLoop, TimerHandle } from "@aio/loop";
import { Task, currentTask } from "@aio/task";
import { busyWait, captureConsole, iterationCounter, macrotask, manualLoop } from "./helpers.js";

afterEach(() => {
  // A failed test must not leave a loop marked as running for the next one.
  if (_getRunningLoop() !== null) _setRunningLoop(null);
});

describe("new EventLoop()", () => {
  it("starts neither running nor closed, in non-debug mode, with slowCallbackDuration 0.1", () => {
    const loop = new EventLoop();
    expect(loop.isRunning()).toBe(false);
    expect(loop.isClosed()).toBe(false);
    expect(loop.getDebug()).toBe(false);
    expect(loop.slowCallbackDuration).toBe(0.1);
    expect(loop.getExceptionHandler()).toBeNull();
    expect(loop.getTaskFactory()).toBeNull();
    expect(String(loop)).toBe("<EventLoop running=false closed=false debug=false>");
    loop.close();
  });

  it("takes a debug option, and refuses options that are not an object", () => {
    const loop = new EventLoop({ debug: true });
    expect(loop.getDebug()).toBe(true);
    loop.close();
    expect(() => new EventLoop(null as never)).toThrow(TypeError);
  });

  it("reads time() from its clock", () => {
    const { loop, clock } = manualLoop();
    expect(loop.time()).toBe(0);
    clock.set(12.5);
    expect(loop.time()).toBe(12.5);
  });
});

describe("EventLoop.callSoon()", () => {
  it("returns a Handle and runs callbacks with their arguments in FIFO order", () => {
    const loop = new TestLoop();
    const log: unknown[] = [];
    const h = loop.callSoon((...args: unknown[]) => log.push(["a", ...args]));
    expect(h).toBeInstanceOf(Handle);
    loop.callSoon((x: number) => log.push(["b", x]), 1);
    loop.callSoon((x: number, y: string) => log.push(["c", x, y]), 1, "two");
    loop.callSoon((x: number, y: number, z: number) => log.push(["d", x + y + z]), 1, 2, 3);
    loop.runUntilIdle();
    expect(log).toEqual([["a"], ["b", 1], ["c", 1, "two"], ["d", 6]]);
  });

  it("runs exactly the callbacks ready when an iteration began; what they schedule runs in the next", () => {
    const loop = new TestLoop();
    const counter = iterationCounter(loop);
    const log: string[] = [];
    loop.callSoon(() => {
      log.push(`A@${counter.count()}`);
      loop.callSoon(() => log.push(`C@${counter.count()}`));
    });
    loop.callSoon(() => log.push(`B@${counter.count()}`));
    loop.runUntilIdle();
    expect(log).toEqual(["A@1", "B@1", "C@2"]);
  });

  it("does not run a cancelled handle, and cancel() is idempotent", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    const h = loop.callSoon(() => log.push("cancelled one"));
    loop.callSoon(() => log.push("kept"));
    expect(h.cancelled()).toBe(false);
    h.cancel();
    h.cancel();
    expect(h.cancelled()).toBe(true);
    loop.runUntilIdle();
    expect(log).toEqual(["kept"]);
  });

  it("lets a callback cancel a handle later in the same iteration", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    let later: Handle | null = null;
    loop.callSoon(() => later!.cancel());
    later = loop.callSoon(() => log.push("never"));
    loop.runUntilIdle();
    expect(log).toEqual([]);
  });

  it("throws a TypeError for a callback that is not a function, and a clear one for a coroutine", () => {
    const loop = new TestLoop();
    expect(() => loop.callSoon(42 as never)).toThrow(new TypeError("callSoon(callback): a callable object was expected, got 42 (number)"));
    expect(() => loop.callSoon(null as never)).toThrow(TypeError);
    function* coro() {}
    expect(() => loop.callSoon(coro() as never)).toThrow(/coroutines cannot be used with callSoon\(\)/);
  });

  it("drains many iterations inside one host turn and asks the host only once", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    expect(host.requests).toEqual([]); // nothing to do: nothing asked
    let depth = 0;
    const chain = (): void => {
      if (++depth < 500) loop.callSoon(chain);
      else loop.stop();
    };
    loop.callSoon(chain); // from outside a turn: the loop asks to be woken as soon as possible
    expect(host.requests).toEqual([0]);
    expect(host.fire()).toBe(true); // one host turn runs all 500 iterations
    await done;
    expect(depth).toBe(500);
    expect(host.requests).toEqual([0]);
  });
});

describe("EventLoop timers", () => {
  it("callLater() and callAt() return TimerHandles due at the right loop time", () => {
    const { loop, clock } = manualLoop();
    clock.set(10);
    const a = loop.callLater(2.5, () => {});
    const b = loop.callAt(11, () => {});
    expect(a).toBeInstanceOf(TimerHandle);
    expect(a.when()).toBe(12.5);
    expect(b.when()).toBe(11);
  });

  it("run in deadline order, each at its own time, with their arguments", () => {
    const loop = new TestLoop();
    const log: unknown[] = [];
    loop.callLater(3, (x: string) => log.push([x, loop.time()]), "c");
    loop.callLater(1, (x: string) => log.push([x, loop.time()]), "a");
    loop.callAt(2, (x: string, y: number) => log.push([x, y, loop.time()]), "b", 7);
    loop.advance(5);
    expect(log).toEqual([
      ["a", 1],
      ["b", 7, 2],
      ["c", 3],
    ]);
  });

  it("run equal deadlines in the order they were scheduled (FIFO)", () => {
    const loop = new TestLoop();
    const log: number[] = [];
    for (let i = 0; i < 20; i++) loop.callAt(1, () => log.push(i));
    loop.advance(1);
    expect(log).toEqual([...Array(20).keys()]);
  });

  it("join the ready queue after the callbacks that were already ready", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callLater(0, () => log.push("timer"));
    loop.callSoon(() => log.push("soon"));
    loop.runUntilIdle();
    expect(log).toEqual(["soon", "timer"]);
  });

  it("treat a negative delay as now", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callLater(-5, () => log.push("past"));
    loop.runUntilIdle();
    expect(log).toEqual(["past"]);
    expect(loop.time()).toBe(0);
  });

  it("do not run once cancelled, and are purged from the heap", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    const t = loop.callLater(1, () => log.push("cancelled"));
    loop.callLater(2, () => log.push("kept"));
    t.cancel();
    expect(t.cancelled()).toBe(true);
    expect(loop._timers.cancelled).toBe(1);
    loop.advance(3);
    expect(log).toEqual(["kept"]);
    expect(loop._timers.size).toBe(0);
    expect(loop._timers.cancelled).toBe(0);
  });

  it("rebuild a big heap when most of it is cancelled, keeping the others in order", () => {
    const loop = new TestLoop();
    const fired: number[] = [];
    const handles: TimerHandle[] = [];
    // Deadlines in a scrambled order, so the rebuilt heap has real work to do.
    for (let i = 0; i < 300; i++) {
      const when = ((i * 7919) % 300) + 1;
      handles.push(loop.callAt(when, () => fired.push(when)));
    }
    handles.forEach((h, i) => i % 3 !== 0 && h.cancel()); // cancel 200 of 300
    expect(loop._timers.cancelled).toBe(200);
    loop.callSoon(() => {});
    loop.runUntilIdle(); // an iteration starts with the purge
    expect(loop._timers.size).toBe(100);
    expect(loop._timers.cancelled).toBe(0);
    loop.advance(400);
    const expected = handles.filter((_h, i) => i % 3 === 0).map((h) => h.when()).sort((a, b) => a - b);
    expect(fired).toEqual(expected);
  });

  it("throw a TypeError for a null or non-numeric delay or deadline", () => {
    const loop = new TestLoop();
    expect(() => loop.callLater(null as never, () => {})).toThrow(new TypeError("callLater(delay): delay must be a number, got null"));
    expect(() => loop.callAt(null as never, () => {})).toThrow(new TypeError("callAt(when): when must be a number, got null"));
    expect(() => loop.callLater("1" as never, () => {})).toThrow(TypeError);
    expect(() => loop.callLater(Number.NaN, () => {})).toThrow(TypeError);
  });

  it("throw a TypeError naming the method for a callback that is not a function", () => {
    const loop = new TestLoop();
    expect(() => loop.callLater(1, {} as never)).toThrow(new TypeError("callLater(callback): a callable object was expected, got Object (object)"));
    expect(() => loop.callAt(1, "f" as never)).toThrow(new TypeError('callAt(callback): a callable object was expected, got f (string)'));
    expect(loop._timers.size).toBe(0);
  });
});

describe("EventLoop host requests", () => {
  it("keeps one host request for the earliest deadline", async () => {
    const { loop, clock, host } = manualLoop();
    const log: string[] = [];
    const done = loop.runForever();
    loop.callLater(5, () => log.push("at 5"));
    expect(host.requests).toEqual([5000]);
    loop.callLater(2, () => log.push("at 2")); // earlier: re-armed
    expect(host.requests).toEqual([5000, 2000]);
    loop.callLater(10, () => log.push("at 10")); // later: nothing to change
    loop.callLater(3, () => log.push("at 3"));
    expect(host.requests).toEqual([5000, 2000]);
    expect(host.pending?.delay).toBe(2000);

    clock.set(2);
    host.fire();
    expect(log).toEqual(["at 2"]);
    expect(host.pending?.delay).toBe(1000); // the next timer, at 3

    loop.callSoon(() => log.push("soon")); // from outside a turn: wake as soon as possible
    expect(host.pending?.delay).toBe(0);
    host.fire();
    expect(log).toEqual(["at 2", "soon"]);
    expect(host.pending?.delay).toBe(1000);

    clock.set(10);
    host.fire(); // everything due runs in one turn
    expect(log).toEqual(["at 2", "soon", "at 3", "at 5", "at 10"]);
    expect(host.pending).toBeNull(); // idle with no timers: nothing asked

    loop.stop();
    host.fire();
    await done;
    expect(host.pending).toBeNull();
  });

  it("asks for nothing while it runs callbacks, and once after them", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    loop.callSoon(() => {
      // Inside a turn: scheduling more must not issue new host requests.
      for (let i = 0; i < 10; i++) loop.callSoon(() => {});
      loop.callLater(1, () => {});
    });
    expect(host.requests).toEqual([0]);
    host.fire();
    expect(host.requests).toEqual([0, 1000]);
    loop.stop();
    host.fire();
    await done;
  });

  it("skips cancelled timers when it picks the deadline to wait for", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const first = loop.callLater(1, () => {});
    loop.callLater(4, () => {});
    expect(host.pending?.delay).toBe(1000);
    first.cancel();
    loop.callSoon(() => {}); // a turn, after which the loop re-arms
    host.fire();
    expect(host.pending?.delay).toBe(4000);
    loop.stop();
    host.fire();
    await done;
  });
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
    expect(() => loop.setTaskFactory(1 as never)).toThrow(TypeError);
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
