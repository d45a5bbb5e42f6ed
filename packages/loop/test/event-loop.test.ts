// EventLoop: construction, scheduling, the iteration rule, timers and host requests.
import { afterEach, describe, expect, it, vi } from "vitest";
import { _getRunningLoop, _setRunningLoop } from "@aio/core";
import { EventLoop, Handle, ManualHost, TestLoop, TimerHandle, VirtualClock } from "@aio/loop";
import { TinyExecutor } from "./executor-fixtures.js";
import { Context, ContextVar, copyContext } from "@aio/contextvars";
import { Task } from "@aio/task";
import { callRecorder, captureConsole, iterationCounter, manualLoop } from "./helpers.js";

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
    expect(() => new EventLoop(null as never)).toThrow(/^EventLoop\(options\): expected \{.*\}, got null$/);
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
    expect(() => loop.callSoon(null as never)).toThrow(new TypeError("callSoon(callback): a callable object was expected, got null"));
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
    // The turn's time budget (20 ms of wall time) is checked every 64 iterations: with the wall
    // clock standing still, a machine under load cannot end the turn early and make this flaky.
    const now = Date.now();
    const frozen = vi.spyOn(Date, "now").mockReturnValue(now);
    try {
      expect(host.fire()).toBe(true); // one host turn runs all 500 iterations
    } finally {
      frozen.mockRestore();
    }
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

  it("throw a TypeError for a null or non-numeric delay or deadline, a RangeError for NaN", () => {
    const loop = new TestLoop();
    expect(() => loop.callLater(null as never, () => {})).toThrow(new TypeError("callLater(delay): delay must be a number, got null"));
    expect(() => loop.callAt(null as never, () => {})).toThrow(new TypeError("callAt(when): when must be a number, got null"));
    expect(() => loop.callLater("1" as never, () => {})).toThrow(new TypeError('callLater(delay): delay must be a number, got "1" (string)'));
    expect(() => loop.callLater(Number.NaN, () => {})).toThrow(new RangeError("callLater(delay): delay must be a number, got NaN"));
  });

  it("throw a TypeError naming the method for a callback that is not a function", () => {
    const loop = new TestLoop();
    expect(() => loop.callLater(1, {} as never)).toThrow(new TypeError("callLater(callback): a callable object was expected, got Object (object)"));
    expect(() => loop.callAt(1, "f" as never)).toThrow(new TypeError('callAt(callback): a callable object was expected, got "f" (string)'));
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

describe("EventLoop host requests (when the loop asks to be woken)", () => {
  it("asks nothing for work scheduled before runForever(), and runs it in the first turn", async () => {
    const { loop, host } = manualLoop();
    const log: string[] = [];
    loop.callSoon(() => log.push("soon"));
    loop.callLater(1, () => log.push("timer"));
    loop.createTask(function* () {
      log.push("task");
    });
    loop.stop();
    expect(host.requests).toEqual([]);
    await loop.runForever(); // stop() before the run: exactly one iteration
    expect(log).toEqual(["soon", "task"]);
    expect(host.requests).toEqual([]);
  });

  it("asks once to be woken for work queued from outside while idle, however much is queued", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const log: string[] = [];
    loop.createTask(function* () {
      log.push("task");
    });
    expect(host.requests).toEqual([0]);
    loop.callSoon(() => log.push("a"));
    loop.callSoon(() => log.push("b"));
    loop.stop();
    expect(host.requests).toEqual([0]);
    host.fire();
    await done;
    expect(log).toEqual(["task", "a", "b"]);
    expect(host.requests).toEqual([0]);
  });

  it("a task created from outside while idle wakes the loop (async function)", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const t = loop.createTask(async () => 5);
    expect(host.pending?.delay).toBe(0);
    host.fire();
    await macrotaskTurns(host, () => t.done());
    expect(t.result()).toBe(5);
    loop.stop();
    host.fire();
    await done;
  });

  it("re-arms for an earlier deadline only: an equal one keeps the request", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    loop.callAt(5, () => {});
    loop.callAt(5, () => {});
    loop.callLater(5, () => {});
    expect(host.requests).toEqual([5000]);
    loop.callAt(4.5, () => {});
    expect(host.requests).toEqual([5000, 4500]);
    loop.stop();
    host.fire();
    await done;
  });

  it("a timer due in the past, scheduled from outside, wakes the loop as soon as possible", async () => {
    const { loop, clock, host } = manualLoop();
    clock.set(10);
    const done = loop.runForever();
    const log: number[] = [];
    loop.callLater(60, () => {});
    loop.callAt(3, () => log.push(loop.time()));
    expect(host.requests).toEqual([60000, 0]);
    host.fire();
    expect(log).toEqual([10]);
    expect(host.pending?.delay).toBe(60000);
    loop.stop();
    host.fire();
    await done;
  });

  it("stop() asks for nothing when the loop is not running, or from inside a callback", async () => {
    const { loop, host } = manualLoop();
    loop.stop();
    expect(host.requests).toEqual([]);
    await loop.runForever();
    const done = loop.runForever();
    loop.callSoon(() => loop.stop());
    expect(host.requests).toEqual([0]);
    host.fire();
    await done;
    expect(host.requests).toEqual([0]);
    expect(host.pending).toBeNull();
  });

  it("a stale host tick after the loop stopped runs nothing", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const log: string[] = [];
    loop.callSoon(() => log.push("first"));
    const stale = host.pending!.tick;
    loop.stop();
    host.fire();
    await done;
    expect(log).toEqual(["first"]);
    loop.callSoon(() => log.push("queued while stopped"));
    stale(); // a host that calls late must not run the stopped loop
    expect(log).toEqual(["first"]);
    expect(loop.isRunning()).toBe(false);
    expect(host.requests).toEqual([0]);
  });

  it("cancels its host request when it stops and when it closes", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    loop.callLater(5, () => {});
    expect(host.pending?.delay).toBe(5000);
    loop.stop();
    host.fire();
    await done;
    expect(host.pending).toBeNull();
    const cancels = host.cancels;
    loop.close();
    expect(host.cancels).toBe(cancels + 1);
  });
});

describe("EventLoop timers and the clock's resolution", () => {
  /** A settable clock that counts time in steps of 0.5 s. */
  function coarseLoop(): { loop: EventLoop; host: ManualHost; clock: { t: number; now(): number; resolution: number } } {
    const clock = { t: 10, now(): number { return this.t; }, resolution: 0.5 };
    const host = new ManualHost();
    return { loop: new EventLoop({ clock, host }), host, clock };
  }

  it("runs a timer due within one resolution step of now", async () => {
    const { loop, host } = coarseLoop();
    const log: string[] = [];
    const done = loop.runForever();
    loop.callAt(10.4, () => log.push("10.4"));
    loop.callAt(10.6, () => log.push("10.6"));
    expect(host.pending?.delay).toBeCloseTo(400, 6);
    host.fire();
    expect(log).toEqual(["10.4"]);
    expect(host.pending?.delay).toBeCloseTo(600, 6);
    loop.stop();
    host.fire();
    await done;
  });

  it("runs a timer a callback schedules within one resolution step in the same host turn", async () => {
    const { loop, host } = coarseLoop();
    const log: string[] = [];
    const done = loop.runForever();
    loop.callSoon(() => loop.callLater(0.3, () => log.push("soon enough")));
    host.fire();
    expect(log).toEqual(["soon enough"]);
    expect(host.pending).toBeNull();
    loop.stop();
    host.fire();
    await done;
  });
});

describe("EventLoop and native promise reactions", () => {
  it("ends the host turn after an iteration that queued promise reactions, so they run before the next one", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const counter = iterationCounter(loop, 10);
    const fut = loop.createFuture<number>();
    const seen: number[] = [];
    void fut.then(() => seen.push(counter.count()));
    loop.callSoon(() => fut.setResult(1));
    host.fire(); // iteration 1 completes the future, iteration 2 runs its waiter: the turn ends there
    expect(counter.count()).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([2]);
    expect(host.pending?.delay).toBe(0);
    host.fire(); // nothing is pending any more: the rest runs in one turn
    expect(counter.count()).toBe(10);
    loop.stop();
    host.fire();
    await done;
  });
});

/** Fires the host's pending requests, one per macrotask, until `until()` holds (at most 20). */
async function macrotaskTurns(host: ManualHost, until: () => boolean): Promise<void> {
  for (let i = 0; i < 20 && !until(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    host.fire();
  }
}

describe("EventLoop reports to a trace recorder", () => {

  it("how late each host turn is for the timer it was armed for (0 when woken early or for ready work)", async () => {
    const { loop, clock, host } = manualLoop();
    const rec = callRecorder();
    loop.setTraceRecorder(rec);
    const done = loop.runForever();
    loop.callLater(2, () => {});
    loop.callLater(5, () => {});
    clock.set(2.5);
    host.fire(); // armed for 2, woken at 2.5
    clock.set(4);
    host.fire(); // armed for 5, woken at 4: early, not late
    loop.callSoon(() => {});
    host.fire(); // armed "as soon as possible"
    loop.stop();
    host.fire();
    await done;
    expect(rec.calls.filter((c) => c[0] === "hostTurn")).toEqual([
      ["hostTurn", 0], // the first turn of runForever()
      ["hostTurn", 0.5],
      ["hostTurn", 0],
      ["hostTurn", 0],
      ["hostTurn", 0],
    ]);
    expect(rec.calls.filter((c) => c[0] === "timerScheduled")).toEqual([["timerScheduled", 2], ["timerScheduled", 5]]);
  });

  it("numbers each queued entry, callbacks and tasks alike, and each run begins and ends", () => {
    const loop = new TestLoop();
    const rec = callRecorder();
    loop.setTraceRecorder(rec);
    loop.callSoon(() => {});
    loop.createTask(function* () {});
    loop.callSoon((_x: number) => {}, 7);
    loop.runUntilIdle();
    expect(rec.calls).toEqual([
      ["queued", 1],
      ["taskCreated"],
      ["queued", 2],
      ["queued", 3],
      ["hostTurn", 0],
      ["runBegin", 1, expect.anything()],
      ["runEnd"],
      ["runBegin", 2, expect.anything()],
      ["runEnd"],
      ["runBegin", 3, 7],
      ["runEnd"],
    ]);
  });

  it("a callback that removes the recorder gets no runEnd from the loop", () => {
    const loop = new TestLoop();
    const rec = callRecorder();
    loop.setTraceRecorder(rec);
    loop.callSoon(() => loop.setTraceRecorder(null));
    loop.runUntilIdle();
    expect(rec.calls.map((c) => c[0])).toEqual(["queued", "hostTurn", "runBegin"]);
  });
});

describe("EventLoop callbacks and contexts", () => {
  it("runs callSoon/callLater/callAt callbacks in the context given, with exactly their arguments", () => {
    const loop = new TestLoop();
    const v = new ContextVar<string>("v", { default: "outside" });
    const ctx = new Context();
    ctx.run(() => v.set("inside"));
    const got: unknown[][] = [];
    const cb = (...a: unknown[]): void => void got.push([v.get(), ...a]);
    loop.callSoon(cb, { context: ctx });
    loop.callSoon(cb, 1, { context: ctx });
    loop.callSoon(cb, 1, 2, { context: ctx });
    loop.callSoon(cb, 1, 2, 3, { context: ctx });
    loop.callLater(1, cb, { context: ctx });
    loop.callLater(2, cb, "a", { context: ctx });
    loop.callAt(3, cb, "a", "b", { context: ctx });
    loop.callAt(4, cb, { context: ctx });
    loop.advance(4);
    expect(got).toEqual([
      ["inside"],
      ["inside", 1],
      ["inside", 1, 2],
      ["inside", 1, 2, 3],
      ["inside"],
      ["inside", "a"],
      ["inside", "a", "b"],
      ["inside"],
    ]);
    expect(v.get()).toBe("outside");
  });

  it("captures the current context when none is given, for callbacks with any number of arguments", () => {
    const loop = new TestLoop();
    const v = new ContextVar<number>("n", { default: 0 });
    const got: unknown[][] = [];
    const cb = (...a: unknown[]): void => void got.push([v.get(), ...a]);
    copyContext().run(() => {
      v.set(7);
      loop.callSoon(cb);
      loop.callSoon(cb, "x");
      loop.callSoon(cb, "x", "y");
      loop.callLater(1, cb, "t");
      loop.callAt(2, cb, "u", "w");
      loop.callSoon(cb, { context: null }); // null: capture, as if not given
    });
    v.set(99); // changed outside afterwards: the callbacks keep what they captured
    loop.advance(2);
    expect(got).toEqual([[7], [7, "x"], [7, "x", "y"], [7], [7, "t"], [7, "u", "w"]]);
  });

  it("reports an error thrown by a callback run in a context, naming it", () => {
    const loop = new TestLoop();
    const reports: string[] = [];
    loop.setExceptionHandler((_l, c) => reports.push(`${c.message} / ${String(c.handle)}`));
    loop.callSoon(function failing(_a: number, _b: number): void {
      throw new Error("x");
    }, 1, 2, { context: new Context() });
    loop.runUntilIdle();
    expect(reports).toEqual(["Exception in callback failing() / <Handle failing()>"]);
  });
});

describe("EventLoop refusals, exactly", () => {
  it("a Task made directly on a closed loop is refused with Error(\"Event loop is closed\")", () => {
    const loop = new TestLoop();
    loop.close();
    expect(() => new Task(function* () {}, { loop })).toThrow(new Error("Event loop is closed"));
    expect(() => new Task(async () => {}, { loop })).toThrow(new Error("Event loop is closed"));
  });

  it("a done callback (run in a context) of a future completed after close() is refused: \"Event loop is closed\"", () => {
    const loop = new TestLoop();
    const fut = loop.createFuture<number>();
    const seen: unknown[] = [];
    fut.addDoneCallback((f) => seen.push(f.result()), { context: new Context() });
    loop.close();
    expect(() => fut.setResult(1)).toThrow(new Error("Event loop is closed"));
    expect(seen).toEqual([]);
  });

  it("callExceptionHandler() and defaultExceptionHandler() refuse a context that is not an object, printing nothing", async () => {
    const loop = new TestLoop();
    const printed = await captureConsole("error", () => {
      for (const bad of [null, 42, "text", undefined]) {
        expect(() => loop.defaultExceptionHandler(bad as never)).toThrow(
          new TypeError(`defaultExceptionHandler(context): expected an object such as { message, exception? }, got ${bad === null ? "null" : bad === undefined ? "undefined" : typeof bad === "string" ? '"text" (string)' : "42 (number)"}`),
        );
        expect(() => loop.callExceptionHandler(bad as never)).toThrow(/^callExceptionHandler\(context\): expected an object such as \{ message, exception\? \}, got /);
      }
    });
    expect(printed).toEqual([]);
  });
});

describe("EventLoop: more exact behaviours", () => {
  it("callAt() names the callback first: an options-looking callback is a bad callback", () => {
    const loop = new TestLoop();
    expect(() => loop.callAt(1, { context: 1 } as never)).toThrow(new TypeError("callAt(callback): a callable object was expected, got Object (object)"));
    const got: unknown[] = [];
    loop.callAt(1, (a: string) => got.push(a), "one");
    loop.callLater(2, (a: string) => got.push(a), "two");
    loop.advance(2);
    expect(got).toEqual(["one", "two"]);
  });

  it("scheduling from inside a turn asks nothing; a timer while woken 'as soon as possible' keeps that request", async () => {
    const { loop, host } = manualLoop();
    const done = loop.runForever();
    const log: string[] = [];
    loop.callSoon(() => {
      loop.createTask(function* () {
        log.push("task");
      });
      loop.callSoon(() => log.push("soon"));
    });
    loop.callLater(5, () => {}); // armed "as soon as possible" already: not replaced by a timer
    expect(host.requests).toEqual([0]);
    host.fire();
    expect(log).toEqual(["task", "soon"]);
    expect(host.requests).toEqual([0, 5000]);
    loop.stop();
    host.fire();
    await done;
  });

  it("keeps its count of cancelled timers exact: due ones dropped, and cancel() after a timer ran", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callAt(1, () => log.push("a"));
    const b = loop.callAt(1, () => log.push("b"));
    const c = loop.callAt(2, () => log.push("c"));
    b.cancel();
    expect(loop._timers.cancelled).toBe(1);
    loop.advance(1);
    expect(log).toEqual(["a"]);
    expect(loop._timers.cancelled).toBe(0);
    loop.advance(1);
    c.cancel(); // it ran already: nothing to purge
    expect(loop._timers.cancelled).toBe(0);
    expect(loop._timers.size).toBe(0);
  });

  it("a run that fails as it starts cancels the host, and reports the host's first error", async () => {
    const cancels: string[] = [];
    const host = {
      request(): void {
        throw new Error("request broke");
      },
      cancel(): void {
        cancels.push("cancel");
        throw new Error("cancel broke too");
      },
    };
    const loop = new EventLoop({ host, clock: new VirtualClock(0) });
    loop.callLater(5, () => {});
    await expect(loop.runForever()).rejects.toThrow(new Error("request broke"));
    expect(cancels).toEqual(["cancel"]);
    expect(loop.isRunning()).toBe(false);
    expect(_getRunningLoop()).toBeNull();
  });

  it("runInExecutor(null, ...) while the default executor loads: a cancelled job is never submitted", async () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    loop._defaultExecutorLoading = Promise.resolve(ex);
    const cancelled = loop.runInExecutor(null, () => 1);
    const kept = loop.runInExecutor(null, () => 2);
    cancelled.cancel();
    await expect(loop.runUntilComplete(async () => {
      await Promise.resolve();
      await Promise.resolve();
    })).resolves.toBeUndefined();
    loop.runUntilIdle();
    expect(ex.jobs).toHaveLength(1);
    ex.runAll();
    await expect(loop.runUntilComplete(kept)).resolves.toBe(2);
  });

  it("runInExecutor(null, ...) when loading fails: a cancelled future stays cancelled, a closed loop's future pending", async () => {
    const loop = new TestLoop();
    let fail!: (e: Error) => void;
    loop._defaultExecutorLoading = new Promise((_r, reject) => (fail = reject));
    const cancelled = loop.runInExecutor(null, () => 1);
    const failing = loop.runInExecutor(null, () => 1);
    cancelled.cancel();
    fail(new Error("no executor"));
    await expect(loop.runUntilComplete(failing)).rejects.toThrow("no executor");
    expect(cancelled.cancelled()).toBe(true);

    const closing = new TestLoop();
    let fail2!: (e: Error) => void;
    closing._defaultExecutorLoading = new Promise((_r, reject) => (fail2 = reject));
    const orphan = closing.runInExecutor(null, () => 1);
    closing.close();
    fail2(new Error("no executor"));
    await new Promise((r) => setImmediate(r));
    expect(orphan.done()).toBe(false);
  });
});
