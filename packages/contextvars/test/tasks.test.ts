// Context variables and tasks, in both coroutine styles: every task runs in a copy of the context
// current when it was created (or in the `context` it was given), across every await.
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { Context, ContextVar, copyContext } from "@aio/contextvars";
import { TestLoop } from "@aio/loop";
import { Task, createTask, currentTask, eagerTaskFactory } from "@aio/task";
import { gather, sleep, taskGroup } from "@aio/combinators";

const v = new ContextVar<string>("v", { default: "unset" });

/** A real-time pause on a native promise: an await the loop knows nothing of. */
const foreign = (ms = 2): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("tasks run in their own copy of the context", () => {
  it("generator tasks: isolation between siblings, the parent's value at creation, children's sets invisible", async () => {
    const loop = new TestLoop();
    const seen: string[] = [];
    function* child(name: string, delay: number): Coroutine<string> {
      seen.push(`${name} starts with ${v.get()}`);
      v.set(name);
      yield* sleep(delay);
      seen.push(`${name} after sleep: ${v.get()}`);
      return v.get();
    }
    const got = await loop.runUntilComplete(function* (): Coroutine<string[]> {
      v.set("parent");
      const a = createTask(child("a", 2));
      v.set("parent later"); // after a was created: a does not see it, b does
      const b = createTask(child("b", 1));
      const results = yield* gather([a, b]);
      seen.push(`parent: ${v.get()}`);
      return results;
    });
    expect(got).toEqual(["a", "b"]);
    expect(seen).toEqual([
      "a starts with parent",
      "b starts with parent later",
      "b after sleep: b",
      "a after sleep: a",
      "parent: parent later",
    ]);
    expect(v.get()).toBe("unset"); // top-level code never saw any of it
  });

  it("async-function tasks: the same rules, across @aio awaits and awaits of foreign promises", async () => {
    const loop = new TestLoop();
    const seen: string[] = [];
    async function child(name: string): Promise<string> {
      seen.push(`${name} starts with ${v.get()}`);
      v.set(name);
      await sleep(1);
      const afterSleep = v.get();
      await foreign(); // resumed by a native promise, outside the loop's step
      const afterForeign = v.get();
      await Promise.all([foreign(1), sleep(0)]);
      seen.push(`${name}: ${afterSleep} ${afterForeign} ${v.get()}`);
      return v.get();
    }
    const got = await loop.runUntilComplete(async () => {
      v.set("parent");
      const a = createTask(() => child("a"));
      v.set("parent later");
      const b = createTask(() => child("b"));
      const results = await gather([a, b]);
      seen.push(`parent: ${v.get()}`);
      return results;
    });
    expect(got).toEqual(["a", "b"]);
    expect(seen.sort()).toEqual([
      "a starts with parent",
      "a: a a a",
      "b starts with parent later",
      "b: b b b",
      "parent: parent later",
    ]);
    expect(v.get()).toBe("unset");
  });

  it("a grandchild sees its parent's value; tasks of both styles mix", async () => {
    const loop = new TestLoop();
    const seen: string[] = [];
    await loop.runUntilComplete(async () => {
      v.set("root");
      await createTask(function* (): Coroutine<void> {
        v.set("gen child");
        yield* createTask(async () => {
          seen.push(`grandchild: ${v.get()}`);
          v.set("grandchild");
          await foreign();
          seen.push(`grandchild after foreign: ${v.get()}`);
        });
        seen.push(`gen child: ${v.get()}`);
      });
      seen.push(`root: ${v.get()}`);
    });
    expect(seen).toEqual(["grandchild: gen child", "grandchild after foreign: grandchild", "gen child: gen child", "root: root"]);
  });

  it("createTask(coro, { context }) runs the task in that very context; getContext() returns it", async () => {
    const loop = new TestLoop();
    const ctx = new Context();
    ctx.run(() => v.set("given"));
    const got = await loop.runUntilComplete(function* (): Coroutine<string[]> {
      v.set("main");
      const g = createTask(
        function* (): Coroutine<string> {
          const before = v.get();
          v.set("set by g");
          yield* sleep(1);
          return before;
        },
        { context: ctx },
      );
      const before = yield* g;
      const a = createTask(
        async () => {
          const seen = v.get();
          v.set("set by a");
          await foreign();
          return seen;
        },
        { context: ctx },
      );
      expect(g.getContext()).toBe(ctx);
      expect(a.getContext()).toBe(ctx);
      return [before, yield* a, v.get()];
    });
    expect(got).toEqual(["given", "set by g", "main"]);
    expect(ctx.get(v)).toBe("set by a");
  });

  it("TaskGroup.createTask and eager tasks take the context option too; a task factory receives it", async () => {
    const loop = new TestLoop();
    const ctx = new Context();
    ctx.run(() => v.set("shared"));
    const seen: string[] = [];
    await loop.runUntilComplete(async () => {
      await taskGroup(async (tg) => {
        tg.createTask(async () => seen.push(`group child: ${v.get()}`), { context: ctx });
        v.set("body");
        tg.createTask(async () => seen.push(`plain group child: ${v.get()}`));
      });
      const eager = createTask(
        function* (): Coroutine<void> {
          seen.push(`eager: ${v.get()}`);
        },
        { context: ctx, eagerStart: true },
      );
      expect(eager.done()).toBe(true);
      const given: unknown[] = [];
      loop.setTaskFactory((l, coro, options) => {
        given.push(options?.context);
        return eagerTaskFactory(l, coro, options);
      });
      createTask(async () => seen.push(`from factory: ${v.get()}`), { context: ctx });
      loop.setTaskFactory(null);
      expect(given).toEqual([ctx]);
    });
    expect(seen).toEqual(["group child: shared", "plain group child: body", "eager: shared", "from factory: shared"]);
  });

  it("a task's context is entered while it runs: Context.run on it from inside throws, in both styles", async () => {
    const loop = new TestLoop();
    const errors: string[] = [];
    const tryRun = (): void => {
      try {
        currentTask()!.getContext().run(() => 1);
      } catch (e) {
        errors.push((e as Error).message.replace(/<Context[^>]*>/, "<Context>"));
      }
    };
    await loop.runUntilComplete(async () => {
      await createTask(function* (): Coroutine<void> {
        tryRun();
        yield* sleep(1);
        tryRun();
      });
      await createTask(async () => {
        tryRun();
        await sleep(1);
        tryRun();
        await foreign();
        tryRun();
      });
    });
    expect(errors).toEqual(Array(5).fill("cannot enter context: <Context> is already entered"));
  });

  it("a token reset in another task is refused (another context); in the same task it works", async () => {
    const loop = new TestLoop();
    const outcome = await loop.runUntilComplete(async () => {
      const token = v.set("main");
      const inChild = await createTask(async () => {
        try {
          v.reset(token);
          return "reset";
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      });
      v.reset(token);
      return [inChild, v.get()];
    });
    expect(outcome).toEqual([
      "RangeError: ContextVar.reset(token): <Token var=<ContextVar name='v' default=\"unset\" (string)>> was created in a different Context",
      "unset",
    ]);
  });

  it("Context.run covers only the synchronous call: an async function's code after its first await is its task's", async () => {
    const loop = new TestLoop();
    const seen: string[] = [];
    const ctx = new Context();
    ctx.run(() => v.set("ctx"));
    await loop.runUntilComplete(async () => {
      v.set("task");
      await ctx.run(async () => {
        seen.push(v.get());
        await sleep(0);
        seen.push(v.get());
      });
    });
    expect(seen).toEqual(["ctx", "task"]);
  });

  it("Task(options.context) must be a Context", () => {
    const loop = new TestLoop();
    expect(() => new Task(function* () {}, { loop, context: {} as never })).toThrow(TypeError);
    expect(() => createTask(function* () {}, { loop, context: "ctx" as never })).toThrow(
      'Task(options.context): expected a Context (from @aio/contextvars), null or undefined, got "ctx" (string)',
    );
    const t = new Task(function* () {}, { loop, context: null });
    expect(t.getContext()).toBeInstanceOf(Context);
    loop.runUntilIdle();
  });

  it("gather counts a repeated child once, its callbacks being stored with their context", async () => {
    const loop = new TestLoop();
    const got = await loop.runUntilComplete(async () => {
      const t = createTask(async () => {
        await sleep(1);
        return v.get();
      });
      v.set("parent");
      const g = gather([t, t, t]);
      expect((t as unknown as { _cbs: unknown[] | null })._cbs).toBe(null); // one callback, not three
      return await g;
    });
    expect(got).toEqual(["unset", "unset", "unset"]);
  });

  it("copyContext() inside a task copies the task's context", async () => {
    const loop = new TestLoop();
    const snapshot = await loop.runUntilComplete(async () => {
      v.set("in task");
      await foreign();
      return copyContext();
    });
    expect(snapshot.get(v)).toBe("in task");
  });
});
