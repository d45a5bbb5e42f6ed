import { afterEach, describe, expect, it } from "vitest";
import { _getRunningLoop, _setRunningLoop, getRunningLoop, type Coroutine } from "@aio/core";
import { EventLoop, TestLoop, VirtualClock } from "@aio/loop";
import { asleep, macrotask, sleep } from "./helpers.js";

afterEach(() => {
  if (_getRunningLoop() !== null) _setRunningLoop(null);
});

describe("new TestLoop()", () => {
  it("is an EventLoop on a virtual clock that starts at 0, with autojump on", () => {
    const loop = new TestLoop();
    expect(loop).toBeInstanceOf(EventLoop);
    expect(loop.clock).toBeInstanceOf(VirtualClock);
    expect(loop.time()).toBe(0);
    expect(loop.autojump).toBe(true);
    expect(new TestLoop({ autojump: false }).autojump).toBe(false);
    expect(new TestLoop({ debug: true }).getDebug()).toBe(true);
  });
});

describe("TestLoop autojump", () => {
  it("finishes an hour of sleeps at CPU speed with time() === 3600", async () => {
    const loop = new TestLoop();
    let wakeups = 0;
    await loop.runUntilComplete(function* () {
      for (let i = 0; i < 3600; i++) {
        yield* sleep(loop, 1);
        wakeups++;
      }
    });
    expect(wakeups).toBe(3600);
    expect(loop.time()).toBe(3600);
  });

  it("jumps straight to each deadline, so a callback sees exactly its own time", async () => {
    const loop = new TestLoop();
    const seen: number[] = [];
    for (const d of [0.25, 7, 3, 1e6]) loop.callLater(d, () => seen.push(loop.time()));
    loop.callLater(1e6 + 1, () => loop.stop());
    await loop.runForever();
    expect(seen).toEqual([0.25, 3, 7, 1e6]);
  });

  it("lets async-function continuations run before each jump, so they see the same times as generators", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    async function asyncWorker(): Promise<void> {
      for (let i = 0; i < 3; i++) {
        await asleep(loop, 1);
        log.push(`async@${loop.time()}`);
      }
    }
    function* genWorker(): Coroutine<void> {
      for (let i = 0; i < 2; i++) {
        yield* sleep(loop, 1.5);
        log.push(`gen@${loop.time()}`);
      }
    }
    await loop.runUntilComplete(function* () {
      const a = loop.createTask(asyncWorker);
      const g = loop.createTask(genWorker);
      yield* a;
      yield* g;
    });
    // Had the clock jumped to 1.5 (the generator's timer) before the async continuation at 1
    // scheduled its next sleep, the async worker would have woken at 2.5 and 3.5.
    expect(log.filter((l) => l.startsWith("async"))).toEqual(["async@1", "async@2", "async@3"]);
    expect(log.filter((l) => l.startsWith("gen"))).toEqual(["gen@1.5", "gen@3"]);
  });

  it("does not move the clock when there is nothing to wait for", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      yield;
    });
    expect(loop.time()).toBe(0);
  });

  it("can be switched off: the clock then stands still until advance()", async () => {
    const loop = new TestLoop({ autojump: false });
    let woke = false;
    const done = loop.runUntilComplete(function* () {
      yield* sleep(loop, 10);
      woke = true;
    });
    for (let i = 0; i < 5; i++) await macrotask();
    expect(loop.time()).toBe(0);
    expect(woke).toBe(false);
    loop.advance(10);
    await done;
    expect(woke).toBe(true);
    expect(loop.time()).toBe(10);
  });

  it("runs the same program the same way every time", async () => {
    async function program(): Promise<string[]> {
      const loop = new TestLoop();
      const log: string[] = [];
      let seed = 12345;
      const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      await loop.runUntilComplete(function* () {
        const tasks = [];
        for (let i = 0; i < 20; i++) {
          const delays = [rand(), rand(), rand()].map((r) => Math.round(r * 10) / 4);
          tasks.push(
            loop.createTask(
              i % 2 === 0
                ? function* () {
                    for (const d of delays) {
                      yield* sleep(loop, d);
                      log.push(`g${i}@${loop.time()}`);
                    }
                  }
                : async () => {
                    for (const d of delays) {
                      await asleep(loop, d);
                      log.push(`a${i}@${loop.time()}`);
                    }
                  },
            ),
          );
        }
        for (const t of tasks) yield* t;
      });
      return log;
    }
    const first = await program();
    expect(first).toHaveLength(60);
    expect(await program()).toEqual(first);
    expect(await program()).toEqual(first);
  });
});

describe("TestLoop.advance()", () => {
  it("runs what is ready, then each due timer in order at its own time, and leaves the clock at +seconds", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callLater(2, () => log.push(`t2@${loop.time()}`));
    loop.callLater(1, () => {
      log.push(`t1@${loop.time()}`);
      loop.callSoon(() => log.push(`soon-from-t1@${loop.time()}`));
      loop.callLater(0.5, () => log.push(`t1.5@${loop.time()}`));
    });
    loop.callLater(5, () => log.push("t5"));
    loop.callSoon(() => log.push(`ready@${loop.time()}`));
    loop.advance(3);
    expect(log).toEqual(["ready@0", "t1@1", "soon-from-t1@1", "t1.5@1.5", "t2@2"]);
    expect(loop.time()).toBe(3);
    loop.advance(2);
    expect(log.at(-1)).toBe("t5"); // a timer exactly at the target runs
    expect(loop.time()).toBe(5);
  });

  it("moves the clock even when nothing is scheduled", () => {
    const loop = new TestLoop();
    loop.advance(0.5);
    loop.advance(0);
    expect(loop.time()).toBe(0.5);
  });

  it("sets the loop as the running loop while it runs callbacks, and restores none after", () => {
    const loop = new TestLoop();
    let seen: unknown = null;
    loop.callLater(1, () => (seen = getRunningLoop()));
    loop.advance(1);
    expect(seen).toBe(loop);
    expect(_getRunningLoop()).toBeNull();
  });

  it("drives tasks", () => {
    const loop = new TestLoop();
    const log: number[] = [];
    const task = loop.createTask(function* () {
      for (let i = 0; i < 3; i++) {
        yield* sleep(loop, 1);
        log.push(loop.time());
      }
      return "done";
    });
    loop.advance(2);
    expect(log).toEqual([1, 2]);
    expect(task.done()).toBe(false);
    loop.advance(1);
    expect(task.result()).toBe("done");
  });

  it("refuses a negative or non-finite number of seconds with a RangeError, anything else with a TypeError", () => {
    const loop = new TestLoop();
    expect(() => loop.advance(-1)).toThrow(new RangeError("TestLoop.advance(seconds): expected a finite number >= 0, got -1 (number)"));
    expect(() => loop.advance(Number.NaN)).toThrow(RangeError);
    expect(() => loop.advance(Infinity)).toThrow(RangeError);
    expect(() => loop.advance("1" as never)).toThrow(new TypeError('TestLoop.advance(seconds): expected a finite number >= 0, got "1" (string)'));
  });

  it("refuses to run on a closed loop, inside a callback, or while another loop runs", async () => {
    const closed = new TestLoop();
    closed.close();
    expect(() => closed.advance(1)).toThrow("Event loop is closed");

    const loop = new TestLoop();
    let inner: unknown = null;
    loop.callSoon(() => {
      try {
        loop.advance(1);
      } catch (e) {
        inner = e;
      }
    });
    loop.runUntilIdle();
    expect(String(inner)).toMatch(/cannot be called from a loop callback/);

    const other = new TestLoop();
    let crossed: unknown = null;
    await other.runUntilComplete(function* () {
      try {
        loop.advance(1);
      } catch (e) {
        crossed = e;
      }
    });
    expect(String(crossed)).toMatch(/Cannot run the event loop while another loop is running/);
  });
});

describe("TestLoop.runUntilIdle()", () => {
  it("runs ready callbacks, and what they schedule, until none are left", () => {
    const loop = new TestLoop();
    const log: number[] = [];
    let n = 0;
    const again = (): void => {
      log.push(n);
      if (++n < 5) loop.callSoon(again);
    };
    loop.callSoon(again);
    loop.runUntilIdle();
    expect(log).toEqual([0, 1, 2, 3, 4]);
  });

  it("does not move the clock: future timers stay, timers due now run", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callLater(0, () => log.push("now"));
    loop.callLater(1, () => log.push("later"));
    loop.runUntilIdle();
    expect(log).toEqual(["now"]);
    expect(loop.time()).toBe(0);
  });

  it("refuses to run on a closed loop", () => {
    const loop = new TestLoop();
    loop.close();
    expect(() => loop.runUntilIdle()).toThrow("Event loop is closed");
  });
});

/** Resolves to "settled" if `p` settles within `turns` macrotasks, else "pending". */
async function within(p: Promise<unknown>, turns = 10): Promise<"settled" | "pending"> {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < turns && !settled; i++) await macrotask();
  return settled ? "settled" : "pending";
}

describe("TestLoop.advance() and runUntilIdle(): more", () => {
  it("advance(0) runs what is ready and what is due now, and leaves the clock alone", () => {
    const loop = new TestLoop();
    loop.advance(2);
    const log: string[] = [];
    loop.callSoon(() => log.push(`soon@${loop.time()}`));
    loop.callLater(0, () => log.push(`due@${loop.time()}`));
    loop.callLater(0.001, () => log.push("later"));
    loop.advance(0);
    expect(log).toEqual(["soon@2", "due@2"]);
    expect(loop.time()).toBe(2);
  });

  it("a timer a timer schedules in the past runs at once, and the clock never goes back", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callAt(3, () => {
      log.push(`t3@${loop.time()}`);
      loop.callAt(1, () => log.push(`past@${loop.time()}`));
    });
    loop.callAt(4, () => log.push(`t4@${loop.time()}`));
    loop.advance(5);
    expect(log).toEqual(["t3@3", "past@3", "t4@4"]);
    expect(loop.time()).toBe(5);
  });

  it("runUntilIdle() runs timers that become due while it runs, but never moves the clock", () => {
    const loop = new TestLoop();
    const log: string[] = [];
    loop.callSoon(() => loop.callLater(0, () => log.push("due now")));
    loop.callSoon(() => loop.callLater(1, () => log.push("later")));
    loop.runUntilIdle();
    expect(log).toEqual(["due now"]);
    expect(loop.time()).toBe(0);
  });

  it("names the misuse exactly: from a callback, or from an async-function task's step", async () => {
    const loop = new TestLoop();
    const errors: string[] = [];
    const attempt = (f: () => void): void => {
      try {
        f();
      } catch (e) {
        errors.push((e as Error).message);
      }
    };
    loop.callSoon(() => attempt(() => loop.runUntilIdle()));
    loop.runUntilIdle();
    await loop.runUntilComplete(async () => {
      await Promise.resolve(); // the step now runs on in a microtask, while the loop waits for it
      attempt(() => loop.advance(1));
      attempt(() => loop.runUntilIdle());
    });
    expect(errors).toEqual([
      "TestLoop: advance()/runUntilIdle() cannot be called from a loop callback",
      "TestLoop: advance()/runUntilIdle() cannot be called from a task's step",
      "TestLoop: advance()/runUntilIdle() cannot be called from a task's step",
    ]);
    const other = new TestLoop();
    await other.runUntilComplete(function* () {
      attempt(() => loop.runUntilIdle());
    });
    expect(errors.at(-1)).toBe("Cannot run the event loop while another loop is running");
  });

  it("restores the loop that was running before, and leaves no loop in a turn", async () => {
    const loop = new TestLoop({ autojump: false });
    const done = loop.runForever();
    await macrotask();
    let seen: unknown = null;
    loop.callSoon(() => (seen = getRunningLoop()));
    loop.advance(0); // from outside a turn, while the loop runs: allowed
    expect(seen).toBe(loop);
    expect(_getRunningLoop()).toBe(loop);
    loop.stop();
    await done;
  });
});

describe("TestLoop driven from outside while it runs", () => {
  it("a stop() made by what advance() ran ends the run", async () => {
    const loop = new TestLoop({ autojump: false });
    const done = loop.runForever();
    await macrotask();
    loop.callLater(1, () => loop.stop());
    loop.advance(1);
    expect(await within(done)).toBe("settled");
    expect(loop.isRunning()).toBe(false);
  });

  it("without autojump a timer never wakes the loop; switched on, the next advance() lets it jump", async () => {
    const loop = new TestLoop({ autojump: false });
    const log: number[] = [];
    const done = loop.runForever();
    await macrotask();
    loop.callLater(5, () => {
      log.push(loop.time());
      loop.stop();
    });
    expect(await within(done)).toBe("pending");
    expect(loop.time()).toBe(0);
    loop.autojump = true;
    loop.advance(0); // nothing due: but the loop, running, is told to wake and jump
    expect(await within(done)).toBe("settled");
    expect(log).toEqual([5]);
  });

  it("with autojump a timer scheduled from outside a turn wakes the loop at once to jump to it", async () => {
    const loop = new TestLoop();
    const done = loop.runForever();
    await macrotask();
    loop.callLater(3600, () => loop.stop());
    expect(await within(done)).toBe("settled");
    expect(loop.time()).toBe(3600);
  });

  it("without autojump, a timer scheduled from outside a turn leaves the loop asleep", async () => {
    const loop = new TestLoop({ autojump: false });
    const done = loop.runForever();
    await macrotask();
    const log: string[] = [];
    let turns = 0;
    const count = (): void => void turns++;
    const noop = (): void => {};
    loop.setTraceRecorder({ hostTurn: count, queued: noop, runBegin: noop, runEnd: noop, timerScheduled: noop, taskCreated: noop, cancelRequested: noop });
    loop.callLater(1, () => log.push("timer"));
    expect(await within(done, 5)).toBe("pending");
    expect(turns).toBe(0); // not even woken for nothing
    loop.setTraceRecorder(null);
    expect(log).toEqual([]);
    loop.callSoon(() => loop.stop());
    await done;
    expect(log).toEqual([]);
    expect(loop.time()).toBe(0);
  });
});
