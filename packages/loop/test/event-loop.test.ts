// EventLoop: construction, scheduling, the iteration rule, timers and host requests.
import { afterEach, describe, expect, it } from "vitest";
import { _getRunningLoop, _setRunningLoop } from "@aio/core";
import { EventLoop, Handle, TestLoop, TimerHandle } from "@aio/loop";
import { iterationCounter, manualLoop } from "./helpers.js";

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
