// The model every task follows, whatever its coroutine style: a step runs inside a loop
// iteration, at the ready-queue position where asyncio runs Task.__step, from one real
// suspension to the next, and nothing else on the loop runs meanwhile. The expected logs come
// from the same programs run on CPython 3.13.
import { describe, expect, it } from "vitest";
import { CancelledError, getRunningLoop, type Coroutine } from "@aio/core";
import { Future } from "@aio/future";
import { EventLoop, TestLoop, run } from "@aio/loop";
import { gather, sleep } from "@aio/combinators";
import { Event, Lock } from "@aio/sync";
import { Queue } from "@aio/queue";
import { _drive, _nextIteration, _thenable, createTask, currentTask, eagerTaskFactory, type Task } from "@aio/task";
import { current, detached, needContext } from "../src/current.js";
import { flushMicrotasks } from "./helpers.js";

/** Lets every pending microtask and one host turn pass (what a stopped loop must not use). */
async function letTimePass(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setImmediate(r));
    for (let j = 0; j < 20; j++) await Promise.resolve();
  }
}

describe("an async-function task steps where asyncio steps a task", () => {
  // CPython 3.13 prints exactly this order for the same program (asyncio.Lock, Event, Queue,
  // sleep(0), call_soon, create_task, gather).
  const CPYTHON = ["cb1", "a1", "a2 locked", "a3 event", "a4 put", "b1", "cb2", "main1", "a5", "b2", "b3 locked", "cb3", "b4", "a6 7", "main2"];

  async function program(style: "async" | "generator" | "mixed"): Promise<string[]> {
    const log: string[] = [];
    const loop = new TestLoop();
    const lock = new Lock();
    const ev = new Event();
    ev.set();
    const q = new Queue<number>();
    const aAsync = async (): Promise<void> => {
      log.push("a1");
      await lock.acquire(); // uncontended: no suspension, nobody else runs
      log.push("a2 locked");
      await ev.wait(); // set: no suspension
      log.push("a3 event");
      q.putNowait(1);
      await q.put(2); // room: no suspension
      log.push("a4 put");
      await sleep(0);
      log.push("a5");
      lock.release();
      const fut = loop.createFuture<number>();
      loop.callSoon(() => fut.setResult(7));
      log.push(`a6 ${await fut}`);
    };
    const aGen = function* (): Coroutine<void> {
      log.push("a1");
      yield* lock.acquire();
      log.push("a2 locked");
      yield* ev.wait();
      log.push("a3 event");
      q.putNowait(1);
      yield* q.put(2);
      log.push("a4 put");
      yield* sleep(0);
      log.push("a5");
      lock.release();
      const fut = loop.createFuture<number>();
      loop.callSoon(() => fut.setResult(7));
      log.push(`a6 ${yield* fut}`);
    };
    const bAsync = async (): Promise<void> => {
      log.push("b1");
      await sleep(0);
      log.push("b2");
      await lock.acquire();
      log.push("b3 locked");
      lock.release();
      await sleep(0);
      log.push("b4");
    };
    const bGen = function* (): Coroutine<void> {
      log.push("b1");
      yield* sleep(0);
      log.push("b2");
      yield* lock.acquire();
      log.push("b3 locked");
      lock.release();
      yield* sleep(0);
      log.push("b4");
    };
    await loop.runUntilComplete(async () => {
      loop.callSoon(() => log.push("cb1"));
      const ta = createTask(style === "generator" ? aGen : aAsync);
      const tb = createTask(style === "async" ? bAsync : bGen);
      loop.callSoon(() => log.push("cb2"));
      await sleep(0);
      log.push("main1");
      loop.callSoon(() => log.push("cb3"));
      await gather([ta, tb]);
      log.push("main2");
    });
    return log;
  }

  it("interleaves with callbacks and other tasks exactly as CPython does (async functions)", async () => {
    expect(await program("async")).toEqual(CPYTHON);
  });

  it("... and the same program with generator tasks, or both styles mixed, gives the same order", async () => {
    expect(await program("generator")).toEqual(CPYTHON);
    expect(await program("mixed")).toEqual(CPYTHON);
  });

  it("an await of a done future, task or operation does not let anything else run", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      const done = loop.createFuture<number>();
      done.setResult(1);
      const finished = createTask(async () => 2);
      await sleep(0);
      await sleep(0);
      loop.callSoon(() => log.push("callback"));
      let sum = 0;
      for (let i = 0; i < 100; i++) sum += (await done) + (await finished);
      log.push(`awaited ${sum}`);
    });
    expect(log).toEqual(["awaited 300", "callback"]);
  });

  it("a woken task resumes in the iteration after the wake-up, not later", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      const fut = loop.createFuture<string>();
      const t = createTask(async () => {
        log.push(`woke with ${await fut}`);
      });
      await sleep(0); // t suspends on fut
      fut.setResult("x"); // t's wake-up is queued now...
      loop.callSoon(() => log.push("queued after the wake-up"));
      await sleep(0); // ...and runs in the next iteration, before the callback queued after it
      log.push("main");
      await t;
    });
    expect(log).toEqual(["woke with x", "queued after the wake-up", "main"]);
  });
});

describe("the host still gets its turns", () => {
  it("steps resumed from microtasks count against the turn budget, so I/O and timers are not starved", async () => {
    const loop = new EventLoop();
    let hostRan = false;
    setImmediate(() => (hostRan = true));
    let iterations = 0;
    // Without a budget across resumed steps the loop never yields to the host (the cap keeps the
    // test from hanging the process then: a starved event loop cannot even time a test out).
    await loop.runUntilComplete(async () => {
      while (!hostRan && iterations < 3_000_000) {
        await sleep(0);
        iterations++;
      }
    });
    expect(hostRan).toBe(true);
    expect(iterations).toBeGreaterThan(0);
    loop.close();
  });
});

describe("no task code runs while its loop is not running", () => {
  it("after runUntilComplete returns, a woken async task waits for the next run", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    let bg: Task<void> | undefined;
    await loop.runUntilComplete(async () => {
      bg = createTask(async () => {
        for (let i = 0; i < 3; i++) {
          await sleep(0);
          log.push(`bg ${i} running=${loop.isRunning()}`);
        }
      });
      await sleep(0);
    });
    const before = [...log];
    await letTimePass();
    expect(log).toEqual(before); // nothing ran while the loop was stopped
    await loop.runUntilComplete(bg!);
    expect(log.every((l) => l.endsWith("running=true"))).toBe(true);
    expect(log).toHaveLength(3);
    loop.close();
  });

  it("run() cancels a pending async-function task at its await; its finally runs inside the loop", async () => {
    const log: string[] = [];
    await run(async () => {
      createTask(async () => {
        try {
          await sleep(0);
          await sleep(0);
          await sleep(10);
          log.push("not cancelled");
        } catch (e) {
          log.push(`caught ${(e as Error).name}`);
          throw e;
        } finally {
          await sleep(0); // cleanup may await: the loop is still running
          log.push(`finally, loop running: ${getRunningLoop().isRunning()}`);
        }
      });
      await sleep(0);
    });
    expect(log).toEqual(["caught CancelledError", "finally, loop running: true"]);
  });
});

describe("a cancel that races a wake-up", () => {
  for (const style of ["async", "generator"] as const) {
    it(`lands at the await (${style}): the woken queue item stays in the queue`, async () => {
      const result = await new TestLoop().runUntilComplete(async () => {
        const q = new Queue<number>();
        const reader =
          style === "async"
            ? createTask(async () => await q.get())
            : createTask(function* () {
                return yield* q.get();
              });
        await sleep(0);
        q.putNowait(1);
        q.putNowait(2);
        reader.cancel();
        await sleep(0);
        await sleep(0);
        return [reader.cancelled(), q.qsize(), q.getNowait()];
      });
      expect(result).toEqual([true, 2, 1]); // CPython: True 2 1
    });

    it(`lands at the await (${style}): the lock handed to the cancelled waiter is not leaked`, async () => {
      const result = await new TestLoop().runUntilComplete(async () => {
        const lock = new Lock();
        await lock.acquire();
        const t =
          style === "async"
            ? createTask(async () => {
                await lock.acquire();
              })
            : createTask(function* () {
                yield* lock.acquire();
              });
        await sleep(0);
        t.cancel();
        lock.release();
        await sleep(0);
        await sleep(0);
        return [t.cancelled(), lock.locked()];
      });
      expect(result).toEqual([true, false]); // CPython: True False
    });
  }
});

describe("awaiting foreign promises", () => {
  it("the code after a foreign await runs when it settles; the next @aio await is back in step", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      const t = createTask(async () => {
        const v = await new Promise<number>((r) => setTimeout(() => r(5), 1));
        log.push(`foreign ${v} task=${currentTask()?.getName()}`);
        await sleep(1);
        log.push(`slept at ${loop.time()} task=${currentTask()?.getName()}`);
        return v;
      }, { name: "fetcher" });
      expect(await t).toBe(5);
    });
    expect(log).toEqual(["foreign 5 task=fetcher", "slept at 1 task=fetcher"]);
  });

  it("several tasks suspended on foreign promises at once each still know who they are", async () => {
    const loop = new TestLoop();
    const seen: string[] = [];
    await loop.runUntilComplete(async () => {
      const tasks = [0, 1, 2, 3].map((i) =>
        createTask(async () => {
          await new Promise((r) => setTimeout(r, 1 + ((i * 3) % 4)));
          seen.push(`${i}:${currentTask()?.getName()}`);
          await sleep(0);
          await new Promise((r) => setTimeout(r, 1));
          seen.push(`${i}:${currentTask()?.getName()}`);
        }, { name: `t${i}` }),
      );
      await gather(tasks);
    });
    expect(seen.sort()).toEqual(["0:t0", "0:t0", "1:t1", "1:t1", "2:t2", "2:t2", "3:t3", "3:t3"]);
  });

  async function cancelledAtForeignAwait(resolveFrom: "timer" | "task"): Promise<string[]> {
    const loop = new TestLoop();
    const log: string[] = [];
    await loop.runUntilComplete(async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const t = createTask(async () => {
        const me = currentTask()!;
        await gate;
        log.push(`signal aborted: ${me.signal.aborted}`);
        try {
          await sleep(1);
          log.push("slept");
        } catch (e) {
          log.push(`caught ${(e as Error).name} at ${loop.time()}`);
          throw e;
        }
      });
      await sleep(0);
      t.cancel("stop");
      if (resolveFrom === "timer") setTimeout(release, 1);
      else release(); // from this task's own step
      await expect(t).rejects.toBeInstanceOf(CancelledError);
    });
    return log;
  }

  it("a task cancelled while it awaits a foreign promise sees task.signal aborted, then CancelledError at its next @aio await", async () => {
    expect(await cancelledAtForeignAwait("timer")).toEqual(["signal aborted: true", "caught CancelledError at 0"]);
  });

  it("... also when another task's code settles that promise (tasks started once context tracking is on)", async () => {
    await cancelledAtForeignAwait("timer"); // a foreign await has switched async context tracking on
    expect(await cancelledAtForeignAwait("task")).toEqual(["signal aborted: true", "caught CancelledError at 0"]);
  });
});

describe("introspection in both styles", () => {
  it("currentTask(), getStack() and the repr while a cancel is pending", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(async () => {
      const fut = loop.createFuture<void>();
      const afut = loop.createFuture<void>();
      const names: string[] = [];
      const a = createTask(async () => {
        names.push(currentTask()!.getName());
        await afut;
        names.push(currentTask()!.getName());
      }, { name: "A" });
      const g = createTask(function* () {
        names.push(currentTask()!.getName());
        yield* fut;
        names.push(currentTask()!.getName());
      }, { name: "G" });
      await sleep(0);
      expect(a.getStack()).toEqual([`awaiting ${String(afut)}`]);
      expect(g.getStack()).toEqual([`awaiting ${String(fut)}`]);
      a.cancel();
      expect(String(a)).toMatch(/^<Task cancelling name=A /);
      await sleep(0);
      expect(a.cancelled()).toBe(true);
      fut.setResult();
      await g;
      expect(names).toEqual(["A", "G", "G"]);
    });
  });

  it("an eager async-function task runs its start synchronously and knows itself after awaits", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(async () => {
      loop.setTaskFactory(eagerTaskFactory);
      const log: string[] = [];
      const seen: (Task<unknown> | null)[] = [];
      const t = createTask(async () => {
        log.push("start");
        seen.push(currentTask());
        await sleep(0);
        seen.push(currentTask());
        log.push("after");
        return 1;
      });
      log.push("created");
      expect(await t).toBe(1);
      expect(log).toEqual(["start", "created", "after"]);
      expect(seen).toEqual([t, t]);
      loop.setTaskFactory(null);
    });
  });

  it("a callback that throws inside an async task's step reaches the exception handler", async () => {
    const loop = new TestLoop();
    const reports: string[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(`${ctx.message}: ${(ctx.exception as Error).message}`));
    await loop.runUntilComplete(async () => {
      loop.callSoon(() => {
        throw new Error("boom");
      });
      await sleep(0);
      await sleep(0);
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/boom$/);
  });
});

describe("edges", () => {
  it("a generator object given to two tasks: the second fails like CPython's reused coroutine", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(async () => {
      const gen = (function* () {
        yield* sleep(0);
        return 1;
      })();
      const first = createTask(gen);
      const second = createTask(gen);
      expect(await first).toBe(1);
      await expect(second).rejects.toThrow("cannot reuse already awaited coroutine");
    });
  });

  it("a task awaiting a Future subclass that overrides addDoneCallback is woken through it (both styles)", async () => {
    const loop = new TestLoop();
    const calls: string[] = [];
    class Tracked<T> extends Future<T> {
      override addDoneCallback(fn: (f: this) => void): void {
        calls.push("addDoneCallback");
        super.addDoneCallback(fn);
      }
    }
    await loop.runUntilComplete(async () => {
      const f1 = new Tracked<number>({ loop });
      const f2 = new Tracked<number>({ loop });
      const a = createTask(async () => await f1);
      const g = createTask(function* () {
        return yield* f2;
      });
      await sleep(0);
      f1.setResult(1);
      f2.setResult(2);
      expect([await a, await g]).toEqual([1, 2]);
    });
    expect(calls).toEqual(["addDoneCallback", "addDoneCallback"]);
  });
});

describe("_drive runs a generator operation from an async function", () => {
  it("passes each awaited future's result back into the generator and resolves to what it returns", async () => {
    const loop = new TestLoop();
    const result = await loop.runUntilComplete(async () => {
      const f1 = loop.createFuture<number>();
      const f2 = loop.createFuture<number>();
      loop.callSoon(() => f1.setResult(1));
      loop.callSoon(() => loop.callSoon(() => f2.setResult(2)));
      return await _drive(
        (function* (): Coroutine<number> {
          const a = yield* f1;
          const b = yield* f2;
          return a * 10 + b;
        })(),
      );
    });
    expect(result).toBe(12);
  });

  it("a failed future is thrown into the generator at its yield, which may catch it and go on", async () => {
    const loop = new TestLoop();
    const result = await loop.runUntilComplete(async () => {
      const f = loop.createFuture<number>();
      loop.callSoon(() => f.setException(new Error("nope")));
      return await _drive(
        (function* (): Coroutine<string> {
          try {
            yield* f;
            return "no error";
          } catch (e) {
            return `caught ${(e as Error).message}`;
          }
        })(),
      );
    });
    expect(result).toBe("caught nope");
  });

  for (const style of ["async", "generator"] as const) {
    it(`a bare yield in the operation is one loop iteration, as in a generator task (${style} caller)`, async () => {
      const loop = new TestLoop();
      const log: string[] = [];
      function* op(): Coroutine<string> {
        log.push("op start");
        yield;
        log.push("op resumed");
        return "done";
      }
      await loop.runUntilComplete(async () => {
        const t =
          style === "async"
            ? createTask(async () => {
                loop.callSoon(() => log.push("cb queued before"));
                log.push(`op ${await _drive(op())}`);
              })
            : createTask(function* () {
                loop.callSoon(() => log.push("cb queued before"));
                log.push(`op ${yield* op()}`);
              });
        loop.callSoon(() => log.push("cb queued after"));
        await t;
      });
      // The task's first step runs after "cb queued after" was queued; its bare yield resumes
      // behind the callback the step queued before it yielded.
      expect(log).toEqual(["op start", "cb queued after", "cb queued before", "op resumed", "op done"]);
    });
  }

  it("a yield of something that is not a future is thrown into the generator as a TypeError naming it", async () => {
    const loop = new TestLoop();
    const result = await loop.runUntilComplete(async () =>
      _drive(
        (function* (): Coroutine<string> {
          try {
            yield 42;
            return "accepted";
          } catch (e) {
            return `${(e as Error).name}: ${(e as Error).message}`;
          }
        })(),
      ),
    );
    expect(result).toBe("TypeError: got bad yield: 42 (number)");
  });

  it("yield instead of yield* with a future is a TypeError, also for a future already waited on with yield*", async () => {
    const loop = new TestLoop();
    const messages = await loop.runUntilComplete(async () => {
      const fut = loop.createFuture<number>();
      loop.callSoon(() => fut.setResult(1));
      return _drive(
        (function* (): Coroutine<string[]> {
          const out: string[] = [];
          out.push(`yield* gave ${yield* fut}`);
          for (let i = 0; i < 2; i++) {
            try {
              yield fut;
              out.push("bare yield accepted");
            } catch (e) {
              out.push(`${(e as Error).name}: ${(e as Error).message}`);
            }
          }
          return out;
        })(),
      );
    });
    const misuse = "TypeError: yield was used instead of yield* with <Future finished result=1>";
    expect(messages).toEqual(["yield* gave 1", misuse, misuse]);
  });

  it("refuses, synchronously and naming it, anything without next and throw methods", () => {
    const message = (what: string) =>
      new TypeError(`_drive(gen): expected a generator (an object with next and throw methods), got ${what}`);
    expect(() => _drive(42 as never)).toThrow(message("42 (number)"));
    expect(() => _drive(null as never)).toThrow(message("null"));
    expect(() => _drive({ next: () => ({ done: true, value: 1 }) } as never)).toThrow(message("Object (object)"));
  });
});

describe("_thenable makes a generator function's objects awaitable", () => {
  it("one call of the function works with yield* in a generator task and with await in an async one", async () => {
    function* double(x: number): Coroutine<number> {
      yield* sleep(1);
      return x * 2;
    }
    _thenable(double);
    const loop = new TestLoop();
    const out = await loop.runUntilComplete(async () => {
      const g = createTask(function* () {
        return yield* double(1);
      });
      const a = createTask(async () => await (double(2) as unknown as PromiseLike<number>));
      return [await g, await a, loop.time()];
    });
    expect(out).toEqual([2, 4, 1]);
  });

  it("refuses what is not a generator function, naming it", () => {
    const message = (what: string) => new TypeError(`_thenable(fn): expected a generator function, got ${what}`);
    expect(() => _thenable(null as never)).toThrow(message("null"));
    expect(() => _thenable({ prototype: {} } as never)).toThrow(message("Object (object)"));
    function noPrototype(): void {}
    (noPrototype as { prototype: unknown }).prototype = null;
    expect(() => _thenable(noPrototype as never)).toThrow(message("noPrototype (function)"));
  });
});

/**
 * Runs `body` as a process runs before anything switched async context tracking on: tasks it
 * starts carry no async context and are told apart by elimination (see src/current.ts). That
 * state is process-wide and never comes back once tracking is on, so the test sets it up.
 */
async function beforeContextTracking(body: () => Promise<void>): Promise<void> {
  const savedStore = current.als;
  const savedDetached = [...detached];
  current.als = null;
  detached.clear();
  try {
    await body();
  } finally {
    current.als ??= savedStore;
    for (const t of savedDetached) detached.add(t);
  }
}

/** Resolves after `ms` real milliseconds: a foreign (native) promise. */
function foreign(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * A foreign promise that settles once the loop has stopped waiting for `task`'s step and let it run
 * detached. (A timer of a few milliseconds can fire before the loop gives up on the step on a busy
 * machine, and then the task's code runs inside a step the loop still waits for.)
 */
function untilDetached(task: Task<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const poll = (): void => (detached.has(task) ? resolve() : void setImmediate(poll));
    poll();
  });
}

describe("_nextIteration: one loop iteration for whoever awaits it", () => {
  it("sleep(0).then() from a loop callback (not a task) calls back one iteration later, at its place in the queue", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    await loop.runUntilComplete(function* () {
      loop.callSoon(() => {
        log.push("callback");
        sleep(0).then(
          () => log.push("callback resumed"),
          (e: unknown) => log.push(`callback failed: ${String(e)}`),
        );
      });
      loop.callSoon(() => {
        log.push("iteration 1");
        loop.callSoon(() => {
          log.push("iteration 2");
          loop.callSoon(() => log.push("iteration 3"));
        });
      });
      for (let i = 0; i < 4; i++) yield;
    });
    expect(log).toEqual(["callback", "iteration 1", "callback resumed", "iteration 2", "iteration 3"]);
  });

  it("sleep(0).then() called in a generator task's step is not that task's wait: the task's pending cancel stays the task's", async () => {
    const loop = new TestLoop();
    const log: string[] = [];
    await loop.runUntilComplete(function* () {
      const g = createTask(function* () {
        sleep(0).then(
          () => log.push("then callback"),
          (e: unknown) => log.push(`then failed: ${(e as Error).name}`),
        );
        try {
          yield; // a bare yield: waiting on nothing, so a cancel waits for the next step
          log.push("g resumed");
        } catch (e) {
          log.push(`g caught ${(e as Error).name}`);
        }
      });
      yield; // g's step
      g.cancel();
      yield* g;
    });
    expect(log).toEqual(["then callback", "g caught CancelledError"]);
  });

  for (const style of ["async", "generator"] as const) {
    it(`on a loop without the internal _enqueue, sleep(0) still takes one iteration, through callSoon (${style})`, async () => {
      const loop = new TestLoop();
      Object.defineProperty(loop, "_enqueue", { value: undefined }); // as another EventLoop implementation
      const log: string[] = [];
      const finished = await loop.runUntilComplete(function* () {
        loop.callSoon(() => {
          sleep(0).then(() => log.push("callback resumed"));
        });
        const t =
          style === "async"
            ? createTask(async () => {
                log.push("t1");
                await sleep(0);
                log.push("t2");
              })
            : createTask(function* () {
                log.push("t1");
                yield* sleep(0);
                log.push("t2");
              });
        loop.callSoon(() => {
          log.push("cb1");
          loop.callSoon(() => log.push("cb2"));
        });
        for (let i = 0; i < 4; i++) yield; // (not `yield* t`: a lost iteration must fail, not hang)
        return t.done();
      });
      expect(log).toEqual(["t1", "cb1", "callback resumed", "t2", "cb2"]);
      expect(finished).toBe(true);
    });
  }

  it("_nextIteration of another loop does not take a pending cancel of the task that called it", async () => {
    const loopA = new TestLoop();
    const loopB = new TestLoop();
    const log: string[] = [];
    let t!: Task<void>;
    await loopA.runUntilComplete(function* () {
      t = createTask(async () => {
        _nextIteration(loopB).then(
          () => log.push("loop B iteration passed"),
          (e: unknown) => log.push(`loop B iteration failed: ${(e as Error).name}`),
        );
        try {
          for (let i = 0; i < 100; i++) await sleep(0);
          log.push("t finished");
        } catch (e) {
          log.push(`t caught ${(e as Error).name}`);
          throw e;
        }
      });
      yield;
      yield;
    });
    // loopA stopped with t waiting at a sleep(0); a cancel now waits for t's next step.
    t.cancel();
    loopB.runUntilIdle();
    await flushMicrotasks();
    expect(log).toEqual(["loop B iteration passed"]);
    await loopA.runUntilComplete(t).catch(() => {});
    expect(t.cancelled()).toBe(true);
    expect(log).toEqual(["loop B iteration passed", "t caught CancelledError"]);
    loopA.close();
    loopB.close();
  });

  for (const style of ["async", "generator"] as const) {
    it(`a task's step ends at its sleep(0): the loop goes on at once, not after other host callbacks (${style})`, async () => {
      const loop = new TestLoop();
      const log: string[] = [];
      await loop.runUntilComplete(function* () {
        const t =
          style === "async"
            ? createTask(async () => {
                await sleep(1);
                log.push("t resumed");
                await sleep(0);
                log.push("t again");
              })
            : createTask(function* () {
                yield* sleep(1);
                log.push("t resumed");
                yield* sleep(0);
                log.push("t again");
              });
        yield; // t's first step: its timer is set before the one below
        loop.callLater(1, () => {
          setImmediate(() => log.push("host callback"));
          loop.callSoon(() => log.push("callback after t's wake-up"));
        });
        yield* t;
      });
      await letTimePass();
      expect(log).toEqual(["t resumed", "callback after t's wake-up", "t again", "host callback"]);
    });
  }
});

/** The name of the task currentTask(loop) sees from `code`'s continuation (a name: a task is a thenable). */
function nameOf(task: Task<unknown> | null): string {
  return task === null ? "null" : task.getName();
}

/**
 * Code outside any task (started now, so without a task's context) that asks for `loop`'s current
 * task once `release()` is called: `outside` resolves to the task's name, or "null".
 */
function outsideAnyTask(loop: EventLoop): { release: () => void; outside: Promise<string> } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const outside = (async () => {
    await gate;
    return nameOf(currentTask(loop));
  })();
  return { release, outside };
}

describe("currentTask() from code that runs outside the loop's steps", () => {
  it("code a finished task left behind, after a foreign await, is not that task's any more", async () => {
    needContext();
    const loop = new TestLoop();
    let later!: Promise<string>;
    await loop.runUntilComplete(async () => {
      const t = createTask(async () => {
        later = (async () => {
          await foreign(1);
          return nameOf(currentTask(loop));
        })();
        return "done";
      }, { name: "finished" });
      await t;
    });
    expect(await later).toBe("null");
  });

  it("code outside any task that runs while the loop waits for a task's step is not taken for that task", async () => {
    needContext();
    const loop = new TestLoop();
    const { release, outside } = outsideAnyTask(loop);
    const inStep: string[] = [];
    await loop.runUntilComplete(async () => {
      const t = createTask(async () => {
        await sleep(0); // resumed by the loop, which waits for this step to end
        release(); // the code after `await gate` runs now, inside that step
        inStep.push(nameOf(currentTask()));
        await sleep(0);
      }, { name: "stepping" });
      await t;
    });
    expect(inStep).toEqual(["stepping"]);
    expect(await outside).toBe("null");
  });

  it("tasks started before context tracking: the first foreign await switches it on, and later tasks are found through it", async () => {
    await beforeContextTracking(async () => {
      const loop = new TestLoop();
      const seen: string[] = [];
      await loop.runUntilComplete(function* () {
        const first = createTask(async () => {
          await untilDetached(currentTask()!); // runs on detached: the only such task, so found by elimination
          seen.push(`first: ${nameOf(currentTask())}`);
        }, { name: "first" });
        yield* first;
        const mk = (name: string) =>
          createTask(async () => {
            await sleep(0);
            await foreign(2);
            seen.push(`${name}: ${nameOf(currentTask())}`);
          }, { name });
        const a = mk("a");
        const b = mk("b");
        yield* a;
        yield* b;
      });
      expect(seen.sort()).toEqual(["a: a", "b: b", "first: first"]);
    });
  });

  it("two tasks started before context tracking, both after a foreign await at once, are not guessed at", async () => {
    await beforeContextTracking(async () => {
      const loop = new TestLoop();
      const seen: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      await loop.runUntilComplete(function* () {
        const mk = (name: string) =>
          createTask(async () => {
            await sleep(0); // both start before anything switched tracking on
            await gate; // both run on detached
            seen.push(`${name}: ${nameOf(currentTask())}`);
          }, { name });
        const a = mk("a");
        const b = mk("b");
        yield; // their first steps
        yield; // their steps up to `await gate`
        yield;
        release();
        yield* a;
        yield* b;
      });
      expect(seen).toEqual(["a: null", "b: null"]);
    });
  });

  it("a task started before context tracking that is back to sleep(0) is no longer taken for code outside any task", async () => {
    await beforeContextTracking(async () => {
      const loop = new TestLoop();
      const { release, outside } = outsideAnyTask(loop);
      const seen: string[] = [];
      await loop.runUntilComplete(function* () {
        const t = createTask(async () => {
          await untilDetached(currentTask()!); // t runs on detached, found by elimination
          seen.push(nameOf(currentTask()));
          queueMicrotask(release); // `outside` goes on right after the await below has begun
          await sleep(0);
          seen.push(nameOf(currentTask()));
        }, { name: "t" });
        yield* t;
      });
      expect(seen).toEqual(["t", "t"]);
      expect(await outside).toBe("null");
    });
  });
});
