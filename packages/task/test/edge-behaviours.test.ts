// Behaviours that no other test pinned down (found by mutation testing): each test names what must hold.
import { describe, expect, it, vi } from "vitest";
import { CancelledError, InvalidStateError, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, _nextIteration, _pendingTasksOf, createTask, currentTask } from "@aio/task";
import { quietLoop, sleep, step } from "./helpers.js";

describe("awaiting one future from several tasks", () => {
  it("two generator tasks can yield* the same pending future and both get its result", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const a = new Task(function* () {
      return (yield* fut) + 1;
    }, { loop });
    const b = new Task(function* () {
      return (yield* fut) + 2;
    }, { loop });
    step(loop); // both tasks now wait on fut
    expect(a.done() || b.done()).toBe(false);
    fut.setResult(10);
    await loop.runUntilComplete(b);
    expect([a.result(), b.result()]).toEqual([11, 12]);
  });

  it("two async-function tasks can await the same pending future and both get its result", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const a = new Task(async () => (await fut) + 1, { loop });
    const b = new Task(async () => (await fut) + 2, { loop });
    loop.callLater(1, () => fut.setResult(10));
    await loop.runUntilComplete(b);
    expect([a.result(), b.result()]).toEqual([11, 12]);
  });
});

describe("cancel() counting before the cancellation lands", () => {
  for (const style of ["generator", "async"] as const) {
    it(`cancel(); cancel(); uncancel() still lands the cancellation (${style})`, async () => {
      const loop = new TestLoop();
      const t =
        style === "generator"
          ? new Task(function* () {
              yield* sleep(10, undefined, loop);
              return "finished";
            }, { loop })
          : new Task(async () => {
              await sleep(10, undefined, loop);
              return "finished";
            }, { loop });
      await loop.runUntilComplete(sleep(1, undefined, loop)); // t waits in its sleep
      expect(t.cancel()).toBe(true);
      expect(t.cancel()).toBe(true);
      expect(t.cancelling()).toBe(2);
      expect(t.uncancel()).toBe(1);
      await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
      expect(t.cancelled()).toBe(true);
      expect(loop.time()).toBe(1); // it did not sleep on to 10
    });
  }
});

describe("a task that handles its cancellation", () => {
  for (const style of ["generator", "async"] as const) {
    it(`catches the CancelledError at its await, awaits again and returns normally (${style})`, async () => {
      const loop = new TestLoop();
      const seen: string[] = [];
      const t =
        style === "generator"
          ? new Task(function* () {
              try {
                yield* sleep(10, undefined, loop);
              } catch (e) {
                seen.push(`caught ${(e as Error).name}`);
              }
              const v = yield* sleep(2, "later", loop);
              seen.push(`awaited ${v}`);
              return "done";
            }, { loop })
          : new Task(async () => {
              try {
                await sleep(10, undefined, loop);
              } catch (e) {
                seen.push(`caught ${(e as Error).name}`);
              }
              const v = await sleep(2, "later", loop);
              seen.push(`awaited ${v}`);
              return "done";
            }, { loop });
      loop.callLater(1, () => t.cancel());
      expect(await loop.runUntilComplete(t)).toBe("done");
      expect(seen).toEqual(["caught CancelledError", "awaited later"]);
      expect(t.cancelled()).toBe(false);
      expect(t.cancelling()).toBe(1); // not withdrawn: the task did not call uncancel()
      expect(loop.time()).toBe(3);
    });
  }
});

describe("cancel() on a finished task", () => {
  it("returns false and marks a failed task's error as read: no 'never retrieved' report", async () => {
    const { loop, reports } = quietLoop();
    const t = createTask(
      (async () => {
        throw new Error("boom");
      })(),
      { loop },
    );
    await loop.runUntilComplete(sleep(1, undefined, loop));
    expect(t.done()).toBe(true);
    expect(t.cancel()).toBe(false);
    loop.close();
    expect(reports).toEqual([]);
  });

  it("without cancel(), the same failed task is reported when its loop closes", async () => {
    const { loop, reports } = quietLoop();
    createTask(
      (async () => {
        throw new Error("boom");
      })(),
      { loop },
    );
    await loop.runUntilComplete(sleep(1, undefined, loop));
    loop.close();
    expect(reports.map((r) => r.message)).toEqual([expect.stringContaining("never retrieved")]);
  });
});

describe("task.signal after a handled cancellation", () => {
  for (const style of ["generator", "async"] as const) {
    it(`is fresh again once uncancel() withdraws every request (${style})`, async () => {
      const loop = new TestLoop();
      const seen: string[] = [];
      const body = (t: () => Task<unknown>) => {
        const first = t().signal;
        seen.push(`before ${first.aborted}`);
        return first;
      };
      let self!: Task<unknown>;
      self =
        style === "generator"
          ? new Task(function* () {
              const first = body(() => self);
              try {
                yield* sleep(10, undefined, loop);
              } catch {
                seen.push(`caught, signal aborted ${first.aborted}, cancelling ${self.cancelling()}`);
                self.uncancel();
              }
              seen.push(`after uncancel: fresh ${self.signal !== first}, aborted ${self.signal.aborted}`);
            }, { loop })
          : new Task(async () => {
              const first = body(() => self);
              try {
                await sleep(10, undefined, loop);
              } catch {
                seen.push(`caught, signal aborted ${first.aborted}, cancelling ${self.cancelling()}`);
                self.uncancel();
              }
              seen.push(`after uncancel: fresh ${self.signal !== first}, aborted ${self.signal.aborted}`);
            }, { loop });
      loop.callLater(1, () => self.cancel());
      await loop.runUntilComplete(self);
      expect(seen).toEqual(["before false", "caught, signal aborted true, cancelling 1", "after uncancel: fresh true, aborted false"]);
    });
  }

  it("stays aborted while a request is still pending", async () => {
    const loop = new TestLoop();
    const t = new Task(async () => {
      await sleep(10, undefined, loop);
    }, { loop });
    await loop.runUntilComplete(sleep(1, undefined, loop));
    t.cancel();
    t.cancel();
    const s = t.signal;
    expect(t.uncancel()).toBe(1);
    expect(t.signal).toBe(s);
    expect(s.aborted).toBe(true);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
  });
});

describe("an async-function task whose loop closed under it", () => {
  for (const outcome of ["returns", "throws"] as const) {
    it(`stays pending when its function ${outcome} after loop.close(), and nothing is thrown or reported`, async () => {
      const { loop, reports } = quietLoop();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const t = new Task(async () => {
        await gate;
        if (outcome === "throws") throw new Error("too late");
        return 1;
      }, { loop });
      step(loop); // the task starts and waits on the native promise
      loop.close();
      const reportsAtClose = reports.length;
      release();
      await new Promise((r) => setImmediate(r));
      expect(t.done()).toBe(false);
      expect(reports).toHaveLength(reportsAtClose);
    });
  }
});

// Behaviours of Task itself (task.ts, registry.ts) pinned down by mutation testing.
describe("Task: construction, outcomes and introspection details", () => {
  it("new Task on a closed loop throws before claiming the generator or registering the task", async () => {
    const closed = new TestLoop();
    closed.close();
    const gen = (function* (): Coroutine<number> {
      return 7;
    })();
    expect(() => new Task(gen, { loop: closed })).toThrow(new Error("Event loop is closed"));
    expect(_pendingTasksOf(closed)).toEqual([]);
    const loop = new TestLoop();
    expect(await loop.runUntilComplete(new Task(gen, { loop }))).toBe(7); // the generator is still fresh
  });

  it("new Task(undefined) names the bad value in its TypeError", () => {
    const loop = new TestLoop();
    expect(() => new Task(undefined as never, { loop })).toThrow(new TypeError("Task(coro): a coroutine was expected, got undefined"));
  });

  it("a future given to a task is cancelled with the task when the task is cancelled before its first step", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const t = new Task(fut, { loop });
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(fut.cancelled()).toBe(true);
  });

  it("keeps the pending tasks of each loop apart when tasks are created on two loops in turn", () => {
    const a = new TestLoop();
    const b = new TestLoop();
    const a1 = new Task(function* () {}, { loop: a, name: "a1" });
    const b1 = new Task(function* () {}, { loop: b, name: "b1" });
    const a2 = new Task(function* () {}, { loop: a, name: "a2" });
    const b2 = new Task(function* () {}, { loop: b, name: "b2" });
    const names = (tasks: Task<unknown>[]) => tasks.map((t) => t.getName());
    expect(names(_pendingTasksOf(a))).toEqual(["a1", "a2"]);
    expect(names(_pendingTasksOf(b))).toEqual(["b1", "b2"]);
    expect(_pendingTasksOf(a)[0]).toBe(a1);
    expect(_pendingTasksOf(b)[1]).toBe(b2);
  });

  it("runs its steps through callSoon on a loop that has no ready queue of its own (_enqueue)", async () => {
    const loop = new TestLoop();
    (loop as unknown as { _enqueue: undefined })._enqueue = undefined;
    const t = new Task(function* () {
      const a = yield* sleep(1, 20, loop);
      yield;
      return a + 1;
    }, { loop });
    expect(await loop.runUntilComplete(t)).toBe(21);
    expect(loop.time()).toBe(1);
  });

  for (const style of ["generator", "async"] as const) {
    it(`a coroutine that throws undefined fails the task with Error("coroutine threw undefined") (${style})`, async () => {
      const loop = new TestLoop();
      const t =
        style === "generator"
          ? new Task(function* () {
              yield;
              throw undefined;
            }, { loop })
          : new Task(async () => {
              await sleep(0, undefined, loop);
              throw undefined;
            }, { loop });
      await expect(loop.runUntilComplete(t)).rejects.toThrow(new Error("coroutine threw undefined"));
      expect((t.exception() as Error).message).toBe("coroutine threw undefined");
    });
  }

  const notAwaitable: [string, unknown][] = [
    ["undefined", undefined],
    ["null", null],
    ["5 (number)", 5],
    ["Object (object)", {}],
  ];
  for (const [shown, value] of notAwaitable) {
    it(`a function that returns ${shown} (neither generator nor promise) fails the task with a TypeError naming it`, async () => {
      const loop = new TestLoop();
      const t = new Task((() => value) as never, { loop });
      await expect(loop.runUntilComplete(t)).rejects.toThrow(
        new TypeError(`createTask(fn): fn must be a generator function or async function, but it returned ${shown}`),
      );
    });
  }

  it("a function that returns a thenable function is followed like a promise", async () => {
    const loop = new TestLoop();
    const thenable = Object.assign(() => 0, {
      then(resolve: (v: number) => void) {
        resolve(42);
      },
    });
    const t = new Task((() => thenable) as never, { loop });
    expect(await loop.runUntilComplete(t)).toBe(42);
  });

  it("getStack() of a failed task gives its stack frames trimmed, one per line", async () => {
    const loop = new TestLoop();
    const t = new Task(function* failing() {
      yield;
      throw new Error("kaboom");
    }, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow("kaboom");
    const stack = t.getStack();
    expect(stack.length).toBeGreaterThan(0);
    for (const line of stack) expect(line).toBe(line.trim());
    expect(stack[0]).toMatch(/^at .*failing/);
  });

  for (const style of ["generator", "async"] as const) {
    it(`a task that caught its cancellation and returned shows "finished", not "cancelling", though the request was not withdrawn (${style})`, async () => {
      const loop = new TestLoop();
      const t =
        style === "generator"
          ? new Task(function* () {
              try {
                yield* sleep(10, undefined, loop);
              } catch {
                return 5;
              }
              return 0;
            }, { loop, name: "T" })
          : new Task(async function body() {
              try {
                await sleep(10, undefined, loop);
              } catch {
                return 5;
              }
              return 0;
            }, { loop, name: "T" });
      loop.callLater(1, () => t.cancel());
      expect(await loop.runUntilComplete(t)).toBe(5);
      expect(t.cancelling()).toBe(1);
      const coro = style === "generator" ? "generator" : "body";
      expect(String(t)).toBe(`<Task finished name=T coro=${coro} result=5>`);
    });
  }

  it("signal read after a cancel() without message is aborted with a CancelledError whose message is empty", () => {
    const loop = new TestLoop();
    const t = new Task(function* () {}, { loop });
    t.cancel();
    const reason = t.signal.reason as Error;
    expect(reason).toBeInstanceOf(CancelledError);
    expect(reason.message).toBe("");
  });

  for (const style of ["generator", "async"] as const) {
    it(`cancel(null) is a cancellation without message, not the message "null" (${style})`, async () => {
      const loop = new TestLoop();
      const seen: string[] = [];
      const t =
        style === "generator"
          ? new Task(function* () {
              try {
                yield* sleep(10, undefined, loop);
              } catch (e) {
                seen.push(`[${(e as Error).message}]`);
              }
            }, { loop })
          : new Task(async () => {
              try {
                await sleep(10, undefined, loop);
              } catch (e) {
                seen.push(`[${(e as Error).message}]`);
              }
            }, { loop });
      loop.callLater(1, () => t.cancel(null as never));
      await loop.runUntilComplete(t);
      expect(seen).toEqual(["[]"]);
      expect((t.signal.reason as Error).message).toBe("");
    });

    it(`a cancel() made after the awaited future was cancelled by someone else lands with that future's CancelledError (${style})`, async () => {
      const loop = new TestLoop();
      const fut = new Future<number>({ loop });
      const seen: string[] = [];
      const t =
        style === "generator"
          ? new Task(function* () {
              try {
                yield* fut;
              } catch (e) {
                seen.push(`${(e as Error).name}: ${(e as Error).message}`);
              }
              return "carried on";
            }, { loop })
          : new Task(async () => {
              try {
                await fut;
              } catch (e) {
                seen.push(`${(e as Error).name}: ${(e as Error).message}`);
              }
              return "carried on";
            }, { loop });
      loop.callLater(1, () => {
        fut.cancel("by someone else"); // the task is woken on the next iteration...
        expect(t.cancel("mine")).toBe(true); // ...and asked to stop meanwhile
      });
      expect(await loop.runUntilComplete(t)).toBe("carried on");
      expect(seen).toEqual(["CancelledError: by someone else"]);
    });
  }

  it("_run() of a task that is already done reports an InvalidStateError to the loop's exception handler", async () => {
    const { loop, reports } = quietLoop();
    const t = new Task(function* () {
      return 1;
    }, { loop, name: "T" });
    await loop.runUntilComplete(t);
    t._run();
    expect(reports).toHaveLength(1);
    const shown = "<Task finished name=T coro=generator result=1>";
    expect(String(t)).toBe(shown);
    expect(reports[0]!.message).toBe(`Exception in callback ${shown}._run()`);
    expect(reports[0]!.task).toBe(t);
    expect(reports[0]!.exception).toBeInstanceOf(InvalidStateError);
    expect((reports[0]!.exception as Error).message).toBe(`_step(): already done: ${shown}`);
  });

  it("a generator task may subscribe to its own completion with then() by hand", async () => {
    const loop = new TestLoop();
    const seen: unknown[] = [];
    const t: Task<number> = new Task(function* () {
      void t.then((v) => seen.push(v));
      yield;
      return 3;
    }, { loop });
    expect(await loop.runUntilComplete(t)).toBe(3);
    await loop.runUntilComplete(sleep(0, undefined, loop));
    expect(seen).toEqual([3]);
  });

  it("an async task's hand-written then() on a future does not hide the future it awaits from cancel()", async () => {
    const loop = new TestLoop();
    const side = new Future<string>({ loop });
    const other = new Future<string>({ loop });
    const seen: string[] = [];
    const t = new Task(async () => {
      void side.then((v) => seen.push(`side ${v}`));
      try {
        await other;
      } catch (e) {
        seen.push(`${(e as Error).name} at ${loop.time()}`);
        throw e;
      }
    }, { loop });
    loop.callLater(1, () => side.setResult("done"));
    loop.callLater(2, () => t.cancel());
    await loop.runUntilComplete(sleep(3, undefined, loop));
    expect(seen).toEqual(["side done", "CancelledError at 2"]);
    expect(other.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });
});

describe("Task: the yield* marker of a future after a refused await", () => {
  it("a future refused for being of another loop still needs yield*, not a bare yield, on its own loop", async () => {
    const loop1 = new TestLoop();
    const loop2 = new TestLoop();
    const fut = new Future<string>({ loop: loop2 });
    const first = new Task(function* () {
      try {
        yield* fut;
      } catch (e) {
        return (e as Error).message;
      }
      return "awaited";
    }, { loop: loop1, name: "first" });
    expect(await loop1.runUntilComplete(first)).toMatch(/^Task <Task .*name=first.*> got Future <Future pending> attached to a different loop$/);
    const second = new Task(function* () {
      try {
        yield fut as never; // a bare yield: misuse
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
      return "awaited";
    }, { loop: loop2, name: "second" });
    loop2.callLater(1, () => fut.setResult("x"));
    expect(await loop2.runUntilComplete(second)).toMatch(/^TypeError: yield was used instead of yield\* in task /);
  });

  it("a task refused for awaiting itself still needs yield*, not a bare yield, from another task", async () => {
    const loop = new TestLoop();
    let self!: Task<string>;
    self = new Task(function* () {
      let msg = "";
      try {
        yield* self;
      } catch (e) {
        msg = (e as Error).message;
      }
      yield* sleep(5, undefined, loop);
      return msg;
    }, { loop, name: "self" });
    const other = new Task(function* () {
      yield* sleep(1, undefined, loop);
      try {
        yield self as never; // a bare yield: misuse
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
      return "awaited";
    }, { loop, name: "other" });
    expect(await loop.runUntilComplete(other)).toMatch(/^TypeError: yield was used instead of yield\* in task /);
    expect(await loop.runUntilComplete(self)).toMatch(/^Task cannot await on itself: <Task /);
  });
});

describe("Task: async-function steps end without waiting for a host turn", () => {
  /** Counts the host macrotasks (setImmediate turns) that pass while `body` runs in a task. */
  async function hostTurnsDuring(loop: TestLoop, body: () => Promise<void>): Promise<number> {
    let turns = 0;
    let running = true;
    const tick = (): void => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    const t = new Task(async () => {
      setImmediate(tick);
      await body();
      running = false;
    }, { loop });
    await loop.runUntilComplete(t);
    return turns;
  }

  it("an async task awaiting @aio futures goes on from microtasks: no host turn passes between its steps", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    const turns = await hostTurnsDuring(loop, async () => {
      for (let i = 0; i < 5; i++) log.push(String(await sleep(0, i, loop)));
      for (let i = 0; i < 5; i++) {
        const f = new Future<number>({ loop });
        loop.callSoon(() => f.setResult(i));
        log.push(String(await f));
      }
    });
    expect(log).toEqual(["0", "1", "2", "3", "4", "0", "1", "2", "3", "4"]);
    expect(turns).toBe(0);
  });

  it("async tasks that return at once end their steps without a host turn", async () => {
    const loop = new TestLoop();
    const turns = await hostTurnsDuring(loop, async () => {
      for (let i = 0; i < 5; i++) {
        const child = new Task(async () => i * 2, { loop });
        expect(await child).toBe(i * 2);
      }
      const failing = new Task(async () => {
        throw new Error("no");
      }, { loop });
      await expect(failing).rejects.toThrow("no");
    });
    expect(turns).toBe(0);
  });
});

describe("Task: async tasks started before async context tracking existed", () => {
  it("are each found by currentTask() after a foreign await, as the only candidate left", async () => {
    // Fresh modules: tracking (an AsyncLocalStorage) starts the first time a task's code runs
    // outside a step the loop knows of; tasks started before that are found by elimination.
    vi.resetModules();
    const { TestLoop: FreshLoop } = await import("@aio/loop");
    const fresh = await import("@aio/task");
    const { Future: FreshFuture } = await import("@aio/future");
    type Loop = InstanceType<typeof FreshLoop>;
    const nap = (l: Loop, d: number) => {
      const f = new FreshFuture<void>({ loop: l });
      l.callLater(d, () => f.setResult());
      return f;
    };
    const foreign = () => {
      let resolve!: () => void;
      const p = new Promise<void>((r) => (resolve = r));
      return { p, resolve };
    };
    const flush = async () => {
      for (let i = 0; i < 10; i++) await Promise.resolve();
    };
    const loop = new FreshLoop();
    const log: string[] = [];
    const who = () => fresh.currentTask(loop)?.getName() ?? "none";
    const gate = {
      b: new FreshFuture<void>({ loop }),
      c: new FreshFuture<void>({ loop }),
      c2: new FreshFuture<void>({ loop }),
      d: new FreshFuture<void>({ loop }),
    };
    const fb = foreign();
    const fc = foreign();
    const fd = foreign();
    const fe = foreign();
    const b = new fresh.Task(async () => {
      await gate.b;
      await fb.p;
      log.push(`b finds ${who()}`); // and b ends here, still a candidate until it is done
    }, { loop, name: "b" });
    const c = new fresh.Task(async () => {
      await gate.c;
      await fc.p;
      log.push(`c finds ${who()}`);
      await gate.c2; // an @aio await: c is no longer a candidate while it waits here
    }, { loop, name: "c" });
    const d = new fresh.Task(async () => {
      await gate.d;
      await fd.p;
      log.push(`d finds ${who()}`);
    }, { loop, name: "d" });
    await loop.runUntilComplete(nap(loop, 1)); // b, c, d wait on their gates
    // A task of another loop awaits a foreign promise (tracking starts) and stays pending as its loop closes.
    const otherLoop = new FreshLoop();
    otherLoop.setExceptionHandler(() => {});
    new fresh.Task(async () => {
      await new Promise<void>(() => {});
    }, { loop: otherLoop, name: "a" });
    await otherLoop.runUntilComplete(nap(otherLoop, 1));
    otherLoop.close();
    // Started once tracking exists: found through it, never a candidate of the elimination.
    const e = new fresh.Task(async () => {
      await fe.p;
      log.push(`e finds ${who()}`);
    }, { loop, name: "e" });
    await loop.runUntilComplete(nap(loop, 1)); // e awaits its foreign promise
    gate.b.setResult();
    await loop.runUntilComplete(nap(loop, 1)); // b awaits its foreign promise
    fb.resolve();
    await flush();
    await loop.runUntilComplete(b); // b is done: no longer a candidate
    gate.c.setResult();
    await loop.runUntilComplete(nap(loop, 1));
    fc.resolve();
    await flush();
    gate.d.setResult();
    await loop.runUntilComplete(nap(loop, 1));
    fd.resolve();
    await flush();
    fe.resolve();
    await flush();
    expect(log).toEqual(["b finds b", "c finds c", "d finds d", "e finds e"]);
    gate.c2.setResult();
    for (const t of [c, d, e]) await loop.runUntilComplete(t);
  });
});

describe("Task: contexts and loops without step support", () => {
  async function freshWorld() {
    vi.resetModules();
    const { TestLoop: FreshLoop } = await import("@aio/loop");
    const task = await import("@aio/task");
    const { Future: FreshFuture } = await import("@aio/future");
    const cv = await import("@aio/contextvars");
    return { FreshLoop, task, FreshFuture, cv };
  }

  for (const style of ["generator", "async"] as const) {
    it(`a task given a context runs its steps inside it, even before any ContextVar exists (${style})`, async () => {
      const { FreshLoop, task, cv } = await freshWorld();
      const loop = new FreshLoop();
      const ctx = new cv.Context();
      const attempt = (): string => {
        try {
          ctx.run(() => {});
          return "entered again";
        } catch (e) {
          return (e as Error).message;
        }
      };
      const t =
        style === "generator"
          ? new task.Task(function* () {
              return attempt();
            }, { loop, context: ctx })
          : new task.Task(async () => attempt(), { loop, context: ctx });
      expect(await loop.runUntilComplete(t)).toMatch(/^cannot enter context: .* is already entered$/);
      expect(attempt()).toBe("entered again"); // outside the task it is not entered
    });
  }

  it("with ContextVars in use, tasks awaiting foreign promises at the same time each see their own values", async () => {
    const { FreshLoop, task, FreshFuture, cv } = await freshWorld();
    const loop = new FreshLoop();
    const who = new cv.ContextVar<string>("who", { default: "nobody" });
    const releases: (() => void)[] = [];
    const seen: string[] = [];
    const make = (name: string) =>
      new task.Task(async () => {
        who.set(name);
        await new Promise<void>((r) => releases.push(r));
        seen.push(`${name} sees ${who.get()}`);
      }, { loop, name });
    const a = make("a");
    const b = make("b");
    const nap = new FreshFuture<void>({ loop });
    loop.callLater(1, () => nap.setResult());
    await loop.runUntilComplete(nap); // both wait on their foreign promises
    expect(releases).toHaveLength(2);
    for (const r of releases) r();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await loop.runUntilComplete(a);
    await loop.runUntilComplete(b);
    expect(seen).toEqual(["a sees a", "b sees b"]);
    expect(who.get()).toBe("nobody");
  });
});

describe("Task: functions that throw when called, and loops without step support", () => {
  it("a plain function that throws when the task calls it fails the task with that error", async () => {
    const loop = new TestLoop();
    const boom = new Error("boom at call");
    const t = new Task((() => {
      throw boom;
    }) as never, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toBe(boom);
    expect(t.exception()).toBe(boom);
    expect(String(t)).toMatch(/^<Task finished name=Task-\d+ coro=generator exception=/);
  });

  it("an async task runs on a loop that cannot pause for its steps", async () => {
    const loop = new TestLoop();
    const bare = loop as unknown as { _canWaitForStep: undefined; _pauseForStep: undefined };
    bare._canWaitForStep = undefined;
    bare._pauseForStep = undefined;
    const t = new Task(async () => {
      const a = await sleep(1, 2, loop);
      return a * 21;
    }, { loop });
    expect(await loop.runUntilComplete(t)).toBe(42);
    expect(currentTask(loop)).toBe(null);
  });
});

describe("Task: a task resumed by a foreign promise does not hold up another task's step", () => {
  it("the loop goes on from microtasks while a task resumed by a foreign promise starts waiting on an @aio future", async () => {
    vi.resetModules();
    const { TestLoop: FreshLoop } = await import("@aio/loop");
    const task = await import("@aio/task");
    const { Future: FreshFuture } = await import("@aio/future");
    const cv = await import("@aio/contextvars");
    new cv.ContextVar<number>("in use"); // every async task carries async context from now on
    const loop = new FreshLoop();
    const log: string[] = [];
    let turns = 0;
    let running = true;
    const tick = (): void => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    let release!: () => void;
    const foreign = new Promise<void>((r) => (release = r));
    const fa = new FreshFuture<string>({ loop });
    const fb = new FreshFuture<string>({ loop });
    const a = new task.Task(async () => {
      await foreign;
      log.push("a resumed");
      const [v] = await Promise.all([fa]); // then() is called right here, inside a's code
      log.push(`a got ${v}`);
    }, { loop, name: "a" });
    const b = new task.Task(async () => {
      const n = new FreshFuture<void>({ loop });
      loop.callSoon(() => n.setResult());
      await n;
      setImmediate(tick);
      release(); // a resumes in a microtask, while b's step goes on
      const [v] = await Promise.all([fb]);
      log.push(`b got ${v}`);
      for (let i = 0; i < 3; i++) {
        const m = new FreshFuture<void>({ loop });
        loop.callSoon(() => m.setResult());
        await m;
      }
      fa.setResult("A");
      await a;
      running = false;
    }, { loop, name: "b" });
    loop.callSoon(() => loop.callSoon(() => fb.setResult("B")));
    await loop.runUntilComplete(b);
    expect(log).toEqual(["a resumed", "b got B", "a got A"]);
    expect(turns).toBe(0);
  });
});

describe("Task: then() by hand on what a task is not awaiting does not begin a step", () => {
  async function countHostTurns(loop: TestLoop, main: Task<unknown>): Promise<number> {
    let turns = 0;
    let running = true;
    const tick = (): void => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    loop.callSoon(() => setImmediate(tick));
    await loop.runUntilComplete(main);
    running = false;
    return turns;
  }

  it("a finished task's hand-written then() on a future completing later does not hold up the loop", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const seen: unknown[] = [];
    const main = new Task(async () => {
      const child = new Task(async () => {
        void fut.then((v) => seen.push(v)); // by hand: the child returns without awaiting it
        return "child done";
      }, { loop });
      seen.push(await child);
      fut.setResult(7);
      for (let i = 0; i < 3; i++) await sleep(0, undefined, loop);
    }, { loop });
    expect(await countHostTurns(loop, main)).toBe(0);
    expect(seen).toEqual(["child done", 7]);
  });

  it("a hand-written _nextIteration() then() does not begin a step of its task, finished or awaiting something else", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const seen: unknown[] = [];
    const main = new Task(async () => {
      const finished = new Task(async () => {
        void _nextIteration(loop).then(() => seen.push("next of finished"));
        return "finished";
      }, { loop });
      const waiting = new Task(async () => {
        void _nextIteration(loop).then(() => seen.push("next of waiting"));
        return await fut;
      }, { loop });
      seen.push(await finished);
      for (let i = 0; i < 3; i++) await sleep(0, undefined, loop);
      fut.setResult(8);
      seen.push(await waiting);
    }, { loop });
    expect(await countHostTurns(loop, main)).toBe(0);
    expect(seen).toEqual(["next of finished", "finished", "next of waiting", 8]);
  });
});

describe("Task: an eager async task started inside another task's step", () => {
  const hops = async (n: number) => {
    for (let i = 0; i < n; i++) await null;
  };

  it("inside an async task's first step, the loop waits for the outer task's step, not the inner one's", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    const outer = new Task(async () => {
      const inner = new Task(async () => {
        log.push("inner starts");
        await sleep(1, undefined, loop);
      }, { loop, eagerStart: true });
      await hops(3); // foreign awaits: the outer step goes on
      log.push("outer after microtasks");
      await inner;
    }, { loop });
    loop.callSoon(() => log.push("next callback"));
    await loop.runUntilComplete(outer);
    expect(log).toEqual(["inner starts", "outer after microtasks", "next callback"]);
  });

  it("inside a generator task's step, the loop waits for the inner async task's step", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    const outer = new Task(function* () {
      const inner = new Task(async () => {
        await hops(3); // foreign awaits: the inner step goes on
        log.push("inner after microtasks");
        await sleep(1, undefined, loop);
      }, { loop, eagerStart: true });
      log.push("outer step ends");
      yield* inner;
    }, { loop });
    loop.callSoon(() => log.push("next callback"));
    await loop.runUntilComplete(outer);
    expect(log).toEqual(["outer step ends", "inner after microtasks", "next callback"]);
  });
});

describe("Task: an async task that ends while another task's step runs", () => {
  it("does not end that step: the loop goes on only once the running step has ended", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    let release!: () => void;
    const foreign = new Promise<void>((r) => (release = r));
    const a = new Task(async () => {
      await foreign;
      log.push("a returns");
      return "a";
    }, { loop, name: "a" });
    let turns = 0;
    let running = true;
    const tick = (): void => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    const b = new Task(async () => {
      await sleep(1, undefined, loop); // a now waits on its foreign promise
      setImmediate(tick);
      loop.callSoon(() => log.push("next callback"));
      release(); // a resumes and returns in microtasks, while b's step goes on
      for (let i = 0; i < 5; i++) await null;
      log.push("b after microtasks");
      await sleep(1, undefined, loop);
      running = false;
      return await a;
    }, { loop, name: "b" });
    expect(await loop.runUntilComplete(b)).toBe("a");
    expect(log).toEqual(["a returns", "b after microtasks", "next callback"]);
    expect(turns).toBe(0);
  });
});
