import { describe, expect, it } from "vitest";
import { CancelledError } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, createTask, currentTask } from "@aio/task";
import { Log, sleep } from "./helpers.js";

describe("Task running an async function", () => {
  it("calls the function on the task's first step, not when the task is created", async () => {
    const loop = new TestLoop();
    let calls = 0;
    const t = new Task(async () => {
      calls++;
      return "done";
    }, { loop });
    expect(calls).toBe(0);
    expect(await loop.runUntilComplete(t)).toBe("done");
    expect(calls).toBe(1);
  });

  it("sees currentTask() right after any number and kind of awaits", async () => {
    const loop = new TestLoop();
    const seen: boolean[] = [];
    let self: Task<void> | null = null;
    async function helper(): Promise<void> {
      await sleep(1);
      seen.push(currentTask() === self);
    }
    self = new Task(async () => {
      seen.push(currentTask() === self);
      await sleep(1);
      seen.push(currentTask() === self);
      await Promise.resolve();
      seen.push(currentTask() === self);
      await new Promise<void>((r) => setImmediate(r));
      seen.push(currentTask() === self);
      await createTask(async () => {
        await sleep(1);
      });
      seen.push(currentTask() === self);
      for (let i = 0; i < 5; i++) await helper();
      seen.push(currentTask() === self);
    }, { loop });
    await loop.runUntilComplete(self);
    expect(seen).toEqual(Array(11).fill(true));
  });

  it("keeps interleaved async tasks apart", async () => {
    const loop = new TestLoop();
    const log = new Log(loop);
    const worker = async (delay: number): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await sleep(delay);
        log.add(currentTask()!.getName());
      }
    };
    await loop.runUntilComplete(async () => {
      const a = createTask(() => worker(1), { name: "a" });
      const b = createTask(() => worker(1.5), { name: "b" });
      await a;
      await b;
    });
    // At 3 both wake; b's timer was set first (at 1.5, a's at 2), so b runs first.
    expect(log.lines).toEqual(["1 a", "1.5 b", "2 a", "3 b", "3 a", "4.5 b"]);
  });

  it("has no current task in a plain loop callback scheduled from an async task", async () => {
    const loop = new TestLoop();
    const seen: unknown[] = [];
    await loop.runUntilComplete(async () => {
      await sleep(1);
      const done = new Future<void>();
      loop.callSoon(() => {
        seen.push(currentTask());
        done.setResult();
      });
      await done;
    });
    expect(seen).toEqual([null]);
  });

  it("sees the same virtual time as generator coroutines", async () => {
    const loop = new TestLoop();
    const log = new Log(loop);
    await loop.runUntilComplete(async () => {
      const gen = createTask(function* () {
        yield* sleep(1);
        log.add("generator");
        yield* sleep(1);
        log.add("generator");
      });
      await sleep(0.5);
      log.add("async");
      await sleep(1);
      log.add("async");
      await gen;
    });
    expect(log.lines).toEqual(["0.5 async", "1 generator", "1.5 async", "2 generator"]);
  });

  it("fails with what the async function throws", async () => {
    const loop = new TestLoop();
    const t = new Task(async () => {
      await sleep(1);
      throw new RangeError("nope");
    }, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow(RangeError);
    expect(t.cancelled()).toBe(false);
  });

  it("and a generator task await each other", async () => {
    const loop = new TestLoop();
    const got = await loop.runUntilComplete(function* () {
      const inner = createTask(async () => {
        const g = createTask(function* () {
          yield* sleep(1);
          return 2;
        });
        return (await g) * 10;
      });
      return (yield* inner) + 1;
    });
    expect(got).toBe(21);
  });
});

describe("Task running an async function, on misuse", () => {
  it("rejects an await of a future of another loop", async () => {
    const loop = new TestLoop();
    const foreign = new Future<number>({ loop: new TestLoop() });
    const got = await loop.runUntilComplete(async () => {
      try {
        return await foreign;
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(got).toMatch(/^Task <Task pending name=Task-\d+ coro=anonymous> got Future <Future pending> attached to a different loop$/);
  });

  it("rejects an await of the task itself", async () => {
    const loop = new TestLoop();
    const got = await loop.runUntilComplete(async () => {
      try {
        await currentTask();
        return "awaited itself";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(got).toMatch(/^Task cannot await on itself: <Task pending/);
  });
});

describe("Task.cancel() on an async function", () => {
  it("rejects the future it is awaiting, even at its first await", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const seen: string[] = [];
    const t = new Task(async () => {
      try {
        await fut;
      } catch (e) {
        seen.push(`${(e as Error).name}:${(e as Error).message} at ${loop.time()}`);
        throw e;
      }
    }, { loop });
    loop.callLater(1, () => t.cancel("halt"));
    await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
    expect(seen).toEqual(["CancelledError:halt at 1"]);
    expect(fut.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });

  it("reaches a future whose then() the function calls before its first suspension", async () => {
    const loop = new TestLoop();
    const t = new Task(async () => {
      await sleep(10).then((v) => v); // then() runs synchronously, inside the task's first step
    }, { loop });
    loop.callLater(1, () => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
    expect(loop.time()).toBe(1);
  });

  it("is not confused by then() calls from plain callbacks that inherited its async context", async () => {
    // The loop is idle when the task resumes from a foreign promise, so the task's continuation
    // is what wakes the loop: the loop's next turn runs in the task's async context.
    const loop = new TestLoop({ autojump: false });
    const mine = new Future<void>({ loop });
    const other = new Future<void>({ loop });
    const t = new Task(async () => {
      await new Promise((r) => setTimeout(r, 1)); // a foreign wait: the loop goes idle meanwhile
      loop.callSoon(() => void other.then(() => {}, () => {}));
      loop.callSoon(() => t.cancel());
      await mine;
    }, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
    expect(mine.cancelled()).toBe(true);
    expect(other.cancelled()).toBe(false);
  });

  it("rejects a sleep it is awaiting, and the timer is dropped", async () => {
    const loop = new TestLoop();
    const t = new Task(async () => {
      await sleep(1);
      await sleep(100);
    }, { loop });
    loop.callLater(2, () => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
    expect(loop.time()).toBe(2);
  });

  it("cancels a task it is awaiting", async () => {
    const loop = new TestLoop();
    let child: Task<void> | null = null;
    const t = new Task(async () => {
      child = createTask(async () => {
        await sleep(10);
      });
      await child;
    }, { loop });
    loop.callLater(1, () => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
    expect(child!.cancelled()).toBe(true);
  });

  it("never calls the function when cancelled before its first step", async () => {
    const loop = new TestLoop();
    let called = false;
    const t = new Task(async () => {
      called = true;
    }, { loop });
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
    expect(called).toBe(false);
  });

  it("lets the function catch, clean up with awaits, and return a value", async () => {
    const loop = new TestLoop();
    const log = new Log(loop);
    const t = new Task(async () => {
      try {
        await sleep(10);
        return "slept";
      } catch (e) {
        log.add(`caught ${(e as Error).name}`);
        await sleep(2);
        log.add("cleaned up");
        return "cancelled politely";
      }
    }, { loop });
    loop.callLater(1, () => t.cancel());
    expect(await loop.runUntilComplete(t)).toBe("cancelled politely");
    expect(log.lines).toEqual(["1 caught CancelledError", "3 cleaned up"]);
    expect(t.cancelled()).toBe(false);
  });

  it("keeps landing at later awaits, including awaits in finally", async () => {
    const loop = new TestLoop();
    const log = new Log(loop);
    const t = new Task(async () => {
      for (let i = 0; i < 2; i++) {
        try {
          await sleep(10);
        } catch {
          log.add(`landed ${i}`);
        }
      }
      try {
        await sleep(10);
      } finally {
        try {
          await sleep(10);
        } catch {
          log.add("landed in finally");
        }
        await sleep(1);
        log.add("finally ends");
      }
    }, { loop });
    for (const when of [1, 2, 3, 4]) loop.callLater(when, () => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
    expect(log.lines).toEqual(["1 landed 0", "2 landed 1", "4 landed in finally", "5 finally ends"]);
  });

  it("aborts task.signal for foreign APIs, and lands at the next @aio await", async () => {
    const loop = new TestLoop();
    const log = new Log(loop);
    const t = new Task(async () => {
      const signal = currentTask()!.signal;
      await new Promise<void>((resolve) => {
        signal.addEventListener("abort", () => {
          log.add(`aborted: ${(signal.reason as Error).name}`);
          resolve();
        });
      });
      try {
        await sleep(1);
      } catch (e) {
        log.add(`then ${(e as Error).name} at the next await`);
        throw e;
      }
    }, { loop });
    loop.callLater(5, () => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
    expect(log.lines).toEqual(["5 aborted: CancelledError", "5 then CancelledError at the next await"]);
  });

  it("ends the task cancelled if the function returns while the request is pending", async () => {
    const loop = new TestLoop();
    const t = new Task(async () => {
      await sleep(1);
      currentTask()!.cancel();
      await Promise.resolve(); // not an @aio await: nothing to reject
      return "value";
    }, { loop });
    await expect(loop.runUntilComplete(t)).rejects.toThrow(CancelledError);
    expect(t.cancelled()).toBe(true);
  });

  it("throws CancelledError at an await whose future completed just before cancel(), as a generator task does", async () => {
    // Actors: T (async) awaits F. In one callback F gets its value and T is cancelled, before T
    // resumes. CPython throws CancelledError at that await, so the code after it never runs.
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const log = new Log(loop);
    const t = new Task(async () => {
      log.add(`got ${await fut}`);
    }, { loop });
    loop.callLater(1, () => {
      fut.setResult(7);
      expect(t.cancel()).toBe(true);
    });
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.cancelled()).toBe(true);
    expect(log.lines).toEqual([]);
  });

  it("delivers a value whose await already resumed, and lands at the next @aio await instead", async () => {
    // Actors: T (async) awaits F, F completes and T's await resumes (its continuation is queued);
    // only then is T cancelled: the value is delivered, the request waits for the next await.
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    const log = new Log(loop);
    const t = new Task(async () => {
      log.add(`got ${await fut}`);
      try {
        await sleep(5);
      } catch (e) {
        log.add(`then ${(e as Error).name}`);
      }
    }, { loop });
    loop.callLater(1, () => fut.setResult(7));
    loop.callLater(1, () => loop.callSoon(() => expect(t.cancel()).toBe(true)));
    await loop.runUntilComplete(t);
    expect(log.lines).toEqual(["1 got 7", "1 then CancelledError"]);
  });

  it("counts requests with cancelling() and uncancel() as for generators", async () => {
    const loop = new TestLoop();
    const got = await loop.runUntilComplete(async () => {
      const me = currentTask()!;
      try {
        me.cancel();
        await sleep(1);
      } catch {
        return `${me.cancelling()} ${me.uncancel()}`;
      }
      return "not cancelled";
    });
    expect(got).toBe("1 0");
  });
});
