// The awaitable most combinators return: a lazy, single-use coroutine that also has `then`.
import { describe, expect, it } from "vitest";
import { isCoroutine, type Coroutine } from "@aio/core";
import { createTask, currentTask } from "@aio/task";
import { sleep, timeout, wait, waitFor } from "@aio/combinators";
import { run } from "./helpers.js";

describe("combinator awaitables", () => {
  it("are coroutines: createTask runs them inside the new task", async () => {
    const r = await run(function* () {
      const op = waitFor(
        (function* () {
          yield* sleep(1);
          return currentTask()!.getName();
        })(),
        5,
      );
      expect(isCoroutine(op)).toBe(true);
      const t = createTask(op, { name: "runner" });
      return yield* t;
    });
    expect(r).toBe("runner");
  });

  it("run nothing until awaited, and show what they are", async () => {
    await run(function* () {
      let ran = false;
      const op = timeout(1, function* () {
        ran = true;
      });
      expect(String(op)).toBe("<timeout(1) created>");
      yield* sleep(0);
      expect(ran).toBe(false);
      yield* op;
      expect(ran).toBe(true);
      expect(String(op)).toBe("<timeout(1) finished>");
    });
  });

  it("refuse to be awaited twice, in either style", async () => {
    await run(function* () {
      const t = createTask(sleep(0));
      const op = wait([t]);
      yield* op;
      expect(() => op[Symbol.iterator]().next()).toThrow(/cannot reuse wait\(\): it was already awaited/);
    });
    await run(async () => {
      const t = createTask(sleep(0));
      const op = wait([t]);
      await op;
      await op; // a second then() shares the first run, as a promise does
      const op2 = wait([t]);
      op2[Symbol.iterator]().next();
      await expect(async () => await op2).rejects.toThrow(/cannot reuse wait\(\)/);
    });
  });

  it("throw a TypeError into a generator body that yields something that is not awaitable (async caller)", async () => {
    const r = await run(async () =>
      timeout(1, function* (): Coroutine<string> {
        try {
          yield 42;
        } catch (e) {
          return (e as Error).message;
        }
        return "no";
      }),
    );
    expect(r).toMatch(/bad yield: 42/);
  });
});
