import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { Barrier, BrokenBarrierError } from "@aio/sync";
import type { Task } from "@aio/task";
import { STYLES, outcome, sleep, tick, type Style } from "./helpers.js";

/** Runs `n` tasks of `body` on a fresh TestLoop and waits for all of them. */
async function runAll<T>(n: number, body: (i: number) => Coroutine<T>): Promise<{ loop: TestLoop; tasks: Task<T>[] }> {
  const loop = new TestLoop();
  const tasks = Array.from({ length: n }, (_, i) => loop.createTask(body(i)));
  await loop.runUntilComplete(function* () {
    for (const t of tasks) {
      try {
        yield* t;
      } catch {
        /* inspected by the test */
      }
    }
  });
  return { loop, tasks };
}

function waiter(loop: TestLoop, style: Style, b: Barrier, log: string[], name: string): Task<number> {
  if (style === "generator") {
    return loop.createTask(function* (): Coroutine<number> {
      try {
        const i = yield* b.wait();
        log.push(`${name}:${i}`);
        return i;
      } catch (e) {
        log.push(`${name}:${(e as Error).name}`);
        throw e;
      }
    });
  }
  return loop.createTask(async () => {
    try {
      const i = await b.wait();
      log.push(`${name}:${i}`);
      return i;
    } catch (e) {
      log.push(`${name}:${(e as Error).name}`);
      throw e;
    }
  });
}

describe("Barrier", () => {
  it("checks parties: an integer >= 1", () => {
    expect(() => new Barrier(0)).toThrow(new RangeError("Barrier(parties): expected an integer >= 1, got 0 (number)"));
    expect(() => new Barrier(2.5)).toThrow(RangeError);
    expect(() => new Barrier("3" as unknown as number)).toThrow(TypeError);
  });

  it("starts filling and empty", () => {
    const b = new Barrier(3);
    expect(b.parties).toBe(3);
    expect(b.nWaiting).toBe(0);
    expect(b.broken).toBe(false);
    expect(String(b)).toBe("<Barrier [filling, waiters:0/3]>");
  });

  it("BrokenBarrierError is an Error with its own name", () => {
    const e = new BrokenBarrierError("x");
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("BrokenBarrierError");
  });

  it("lets a full batch through and hands out arrival indexes 0..parties-1", async () => {
    const { tasks } = await runAll(5, function* (i) {
      yield* sleep(i);
      return yield* barrierOf5.wait();
    });
    expect(tasks.map((t) => t.result())).toEqual([0, 1, 2, 3, 4]);
  });

  it("is reusable: the same tasks pass it twice", async () => {
    const b = new Barrier(3);
    const passes: string[] = [];
    await runAll(3, function* (i) {
      for (const round of [1, 2]) {
        yield* sleep(i);
        yield* b.wait();
        passes.push(`${round}`);
      }
    });
    expect(passes).toEqual(["1", "1", "1", "2", "2", "2"]);
    expect(b.nWaiting).toBe(0);
  });

  it("shows draining while the batch leaves, filling once the last one is out (test_draining_state)", async () => {
    const b = new Barrier(5);
    const seen: boolean[] = [];
    await runAll(5, function* () {
      yield* b.wait();
      seen.push(String(b).includes("draining"));
    });
    expect(seen).toEqual([true, true, true, true, false]);
    expect(String(b)).toBe("<Barrier [filling, waiters:0/5]>");
  });

  it("a task arriving while a batch drains waits for the next batch (test_blocking_tasks_while_draining)", async () => {
    const b = new Barrier(5);
    const others = new Barrier(3);
    let rewait = 2;
    const { tasks } = await runAll(5, function* () {
      yield* b.wait();
      if (rewait > 0) {
        rewait--;
        yield* b.wait();
      } else {
        yield* others.wait();
        yield* b.wait();
      }
    });
    expect(tasks.map(outcome)).toEqual(Array(5).fill("result undefined"));
  });

  it("reset() while tasks wait: they get BrokenBarrierError and the barrier fills again", async () => {
    const b = new Barrier(5);
    const broken: number[] = [];
    const loop = new TestLoop();
    const tasks = [0, 1, 2, 3].map((i) =>
      loop.createTask(function* () {
        try {
          yield* b.wait();
        } catch (e) {
          if (e instanceof BrokenBarrierError) broken.push(i);
          else throw e;
        }
      }),
    );
    await tick(loop, 2);
    expect(b.nWaiting).toBe(4);
    await loop.runUntilComplete(b.reset());
    for (const t of tasks) await loop.runUntilComplete(t);
    expect(broken).toEqual([0, 1, 2, 3]);
    expect(String(b)).toBe("<Barrier [filling, waiters:0/5]>");
  });

  it("reset() on an empty barrier keeps it filling (test_reset_barrier)", async () => {
    const loop = new TestLoop();
    const b = new Barrier(1);
    await loop.runUntilComplete(b.reset());
    expect(b.nWaiting).toBe(0);
    expect(b.broken).toBe(false);
  });

  it("reset() when half the batch has left and half still drains (test_reset_barrier_when_tasks_half_draining)", async () => {
    const b = new Barrier(5);
    const broken: number[] = [];
    let out = 0;
    await runAll(5, function* (k) {
      try {
        yield* b.wait();
      } catch (e) {
        if (!(e instanceof BrokenBarrierError)) throw e;
        broken.push(k);
        return;
      }
      out++;
      if (out === 3) yield* b.reset();
    });
    // The two tasks still draining (woken, not yet out) see the reset and get BrokenBarrierError,
    // exactly as in CPython 3.13.
    expect(broken).toEqual([2, 3]);
    expect(b.broken).toBe(false);
    expect(String(b)).toBe("<Barrier [filling, waiters:0/5]>");
  });

  it("abort() breaks it for current and later waiters until reset()", async () => {
    const loop = new TestLoop();
    const b = new Barrier(3);
    const log: string[] = [];
    const a = waiter(loop, "generator", b, log, "A");
    await tick(loop, 2);
    await loop.runUntilComplete(b.abort());
    await loop.runUntilComplete(a).catch(() => {});
    expect(log).toEqual(["A:BrokenBarrierError"]);
    expect(b.broken).toBe(true);
    expect(String(b)).toBe("<Barrier [broken]>");
    const late = waiter(loop, "generator", b, log, "late");
    await loop.runUntilComplete(late).catch(() => {});
    expect(log[1]).toBe("late:BrokenBarrierError");
    await loop.runUntilComplete(b.reset());
    expect(b.broken).toBe(false);
  });

  it("a task that fails inside the barrier and aborts it breaks the others (test_abort_barrier_when_exception)", async () => {
    const b = new Barrier(5);
    const brokenSeen: number[] = [];
    const passed: number[] = [];
    await runAll(5, function* (k) {
      try {
        const i = yield* b.wait();
        if (i === 2) throw new Error("boom");
        yield* b.wait();
        passed.push(k);
      } catch (e) {
        if (e instanceof BrokenBarrierError) brokenSeen.push(k);
        else yield* b.abort();
      }
    });
    expect(passed).toEqual([]);
    expect(brokenSeen.length).toBe(4);
    expect(b.broken).toBe(true);
  });
});

const barrierOf5 = new Barrier(5);

describe.each(STYLES)("Barrier with %s tasks", (style) => {
  it("counts waiting tasks; a cancelled waiter leaves and the count drops (test_filling_tasks_cancel_one)", async () => {
    const loop = new TestLoop();
    const b = new Barrier(3);
    const log: string[] = [];
    const t1 = waiter(loop, style, b, log, "t1");
    await tick(loop, 2);
    expect(b.nWaiting).toBe(1);
    const t2 = waiter(loop, style, b, log, "t2");
    await tick(loop, 2);
    expect(b.nWaiting).toBe(2);
    expect(String(b)).toBe("<Barrier [filling, waiters:2/3]>");
    t1.cancel();
    await tick(loop, 3);
    expect(b.nWaiting).toBe(1);
    expect(outcome(t1)).toBe("cancelled");
    expect(log).toEqual(["t1:CancelledError"]);
    const t3 = waiter(loop, style, b, log, "t3");
    const t4 = waiter(loop, style, b, log, "t4");
    await loop.runUntilComplete(t4);
    await loop.runUntilComplete(t2);
    await loop.runUntilComplete(t3);
    // The index is the count at arrival, so after a cancellation it can repeat (as in CPython).
    expect([t2, t3, t4].map(outcome)).toEqual(["result 1", "result 1", "result 2"]);
    expect(b.nWaiting).toBe(0);
    expect(b.broken).toBe(false);
  });

  it("all parties leave in the same iteration, and the barrier is ready again", async () => {
    const loop = new TestLoop();
    const b = new Barrier(3);
    const log: string[] = [];
    const ts = ["a", "b", "c"].map((n) => waiter(loop, style, b, log, n));
    await loop.runUntilComplete(ts[2]!);
    await loop.runUntilComplete(ts[0]!);
    await loop.runUntilComplete(ts[1]!);
    expect(log.sort()).toEqual(["a:0", "b:1", "c:2"]);
    expect(String(b)).toBe("<Barrier [filling, waiters:0/3]>");
  });

  it("cancelling a task blocked in reset() (waiting for the barrier's lock) changes nothing", async () => {
    const loop = new TestLoop();
    const b = new Barrier(2);
    const log: string[] = [];
    const w = waiter(loop, style, b, log, "w");
    await tick(loop, 2);
    const r = style === "generator" ? loop.createTask(b.reset()) : loop.createTask(async () => b.reset());
    r.cancel();
    await expect(loop.runUntilComplete(r)).rejects.toBeInstanceOf(CancelledError);
    expect(b.nWaiting).toBe(1);
    expect(outcome(w)).toBe("pending");
  });
});
