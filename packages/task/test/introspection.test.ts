import { describe, expect, it } from "vitest";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, allTasks, createTask, currentTask } from "@aio/task";
import { sleep, step } from "./helpers.js";

describe("currentTask()", () => {
  it("throws 'no running event loop' outside a loop, and is null for an idle loop given explicitly", () => {
    expect(() => currentTask()).toThrow("no running event loop");
    expect(currentTask(new TestLoop())).toBe(null);
  });

  it("is the task being stepped, and null in plain callbacks", async () => {
    const loop = new TestLoop();
    const seen: unknown[] = [];
    const t = new Task(function* () {
      seen.push(currentTask());
      yield* sleep(1);
      seen.push(currentTask());
    }, { loop });
    loop.callSoon(() => seen.push(currentTask()));
    await loop.runUntilComplete(t);
    expect(seen.length).toBe(3);
    expect(seen[0] === t && seen[1] === null && seen[2] === t).toBe(true);
  });

  it("is null for another loop than the one the task runs on", async () => {
    const loop = new TestLoop();
    const other = new TestLoop();
    const got = await loop.runUntilComplete(function* () {
      return [currentTask(other), currentTask(loop) === currentTask()];
    });
    expect(got[0] === null && got[1] === true).toBe(true);
  });
});

describe("allTasks()", () => {
  it("lists the loop's pending tasks, the current one included, and not finished ones", async () => {
    const loop = new TestLoop();
    await loop.runUntilComplete(function* () {
      const me = currentTask()!;
      const quick = createTask(function* () { return 1; });
      const slow = createTask(function* () { yield* sleep(10); });
      // (never deep-compare tasks: they are iterable)
      const all = [...allTasks()];
      expect(all.length).toBe(3);
      const has = (t: object): boolean => all.some((x) => x === t);
      expect(has(me) && has(quick) && has(slow)).toBe(true);
      yield* quick;
      const now = allTasks();
      const nowHas = (t: object): boolean => [...now].some((x) => x === t);
      expect(nowHas(quick)).toBe(false);
      expect(nowHas(slow) && nowHas(me)).toBe(true);
      slow.cancel();
      yield;
      yield;
      const left = [...allTasks()];
      expect(left.length === 1 && left[0] === me).toBe(true);
    });
  });

  it("returns a fresh set each time, and can be asked about an idle loop", () => {
    const loop = new TestLoop();
    const t = new Task(function* () {}, { loop });
    const a = allTasks(loop);
    const b = allTasks(loop);
    expect(a).not.toBe(b);
    a.clear();
    expect([...allTasks(loop)].some((x) => x === t)).toBe(true);
    step(loop);
    expect(allTasks(loop).size).toBe(0);
  });

  it("throws 'no running event loop' without a loop", () => {
    expect(() => allTasks()).toThrow("no running event loop");
  });
});

describe("Task.getStack()", () => {
  it("says what a pending task awaits", () => {
    const loop = new TestLoop();
    const fut = new Future({ loop });
    const t = new Task(function* () { yield* fut; }, { loop });
    expect(t.getStack()).toEqual(["ready to run"]);
    step(loop);
    expect(t.getStack()).toEqual(["awaiting <Future pending>"]);
  });

  it("does not report a future an async function is no longer awaiting", async () => {
    const loop = new TestLoop();
    const fut = new Future<void>({ loop });
    const stacks: string[][] = [];
    let release!: () => void;
    const foreign = new Promise<void>((r) => (release = r));
    const t = new Task(async () => {
      const waiting = fut.then(() => {});
      stacks.push(t.getStack());
      fut.setResult();
      await waiting;
      await foreign; // not an @aio awaitable
    }, { loop });
    const p = loop.runUntilComplete(t);
    while (!fut.done()) await new Promise<void>((r) => setImmediate(r));
    await new Promise<void>((r) => setImmediate(r));
    stacks.push(t.getStack());
    release();
    await p;
    expect(stacks).toEqual([["awaiting <Future pending>"], ["running (async function)"]]);
  });

  it("is the error's stack for a failed task, and [] for finished or cancelled ones", async () => {
    const loop = new TestLoop();
    function* failing(): Generator<unknown, never> {
      yield;
      throw new Error("kaboom");
    }
    const bad = new Task(failing, { loop });
    const good = new Task(function* () { return 1; }, { loop });
    const gone = new Task(function* () { yield* sleep(1); }, { loop });
    gone.cancel();
    await loop.runUntilComplete(function* () { yield; yield; yield; });
    const stack = bad.getStack();
    expect(stack.length).toBeGreaterThan(0);
    expect(stack[0]).toMatch(/failing/);
    expect(bad.getStack(1)).toEqual(stack.slice(0, 1));
    expect(bad.getStack(0)).toEqual([]);
    expect(good.getStack()).toEqual([]);
    expect(gone.getStack()).toEqual([]);
    bad.exception();
  });
});
