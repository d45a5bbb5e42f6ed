// Until the first ContextVar is made, tasks and callbacks carry no context (every context would be
// empty, so none is needed). A variable made later, while tasks run, still behaves: tasks made
// before it get an empty context of their own on first need. This file makes no variable at module
// level (vitest gives each test file fresh modules).
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { ContextVar, _contextsInUse } from "@aio/contextvars";
import { TestLoop } from "@aio/loop";
import { Task, createTask } from "@aio/task";
import { sleep } from "@aio/combinators";

describe("before the first ContextVar", () => {
  it("tasks carry no context; a variable made mid-run works for old tasks, new tasks and callbacks", async () => {
    expect(_contextsInUse()).toBe(false);
    const loop = new TestLoop();
    const seen: string[] = [];
    let variable!: ContextVar<string>;
    let oldGen!: Task<void>;
    let oldAsync!: Task<void>;
    await loop.runUntilComplete(async () => {
      oldGen = createTask(function* (): Coroutine<void> {
        yield* sleep(1);
        seen.push(`old generator task: ${variable.get()}`);
        variable.set("old gen");
        yield* sleep(1);
        seen.push(`old generator task: ${variable.get()}`);
      });
      oldAsync = createTask(async () => {
        await sleep(1);
        seen.push(`old async task: ${variable.get()}`);
        variable.set("old async");
        await new Promise((resolve) => setTimeout(resolve, 2)); // found after a foreign await too
        seen.push(`old async task: ${variable.get()}`);
      });
      expect((oldGen as unknown as { _context: unknown })._context).toBe(null);
      await sleep(0.5);
      variable = new ContextVar<string>("made late", { default: "default" });
      expect(_contextsInUse()).toBe(true);
      variable.set("main");
      const child = createTask(async () => {
        seen.push(`new child: ${variable.get()}`);
      });
      loop.callSoon(() => seen.push(`callback: ${variable.get()}`));
      await child;
      await oldGen;
      await oldAsync;
      seen.push(`main: ${variable.get()}`);
    });
    expect(seen).toEqual([
      "new child: main",
      "callback: main",
      "old generator task: default",
      "old async task: default",
      "old generator task: old gen",
      "old async task: old async",
      "main: main",
    ]);
    expect(oldGen.getContext().get(variable)).toBe("old gen");
  });
});
