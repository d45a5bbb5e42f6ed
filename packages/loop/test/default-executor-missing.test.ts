// runInExecutor(null, ...) with no default executor loads @aio/executor lazily. Here the import
// fails, as it does when the optional peer is not installed.
import { describe, expect, it, vi } from "vitest";
import type { Executor } from "@aio/core";
import { TestLoop } from "@aio/loop";

vi.mock("@aio/executor", () => {
  throw new Error("Cannot find package '@aio/executor'");
});

describe("EventLoop.runInExecutor(null, ...) without @aio/executor", () => {
  it("fails the future with an error saying to install @aio/executor", async () => {
    const loop = new TestLoop();
    const fut = loop.runInExecutor(null, () => 1);
    expect(fut.done()).toBe(false);
    const error = await loop.runUntilComplete(fut).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/install @aio\/executor/);
    expect(error!.message).toMatch(/setDefaultExecutor/);
    expect(error!.cause).toBeInstanceOf(Error);
  });

  it("still lets an explicit default executor be set instead", async () => {
    const loop = new TestLoop();
    const submitted: unknown[] = [];
    const executor = {
      submit: (fn: () => unknown) => {
        submitted.push(fn);
        return Promise.resolve(fn());
      },
      map: () => {
        throw new Error("unused");
      },
      shutdown: () => Promise.resolve(),
    };
    loop.setDefaultExecutor(executor as unknown as Executor);
    loop.runInExecutor(null, () => 1);
    expect(submitted).toHaveLength(1);
  });
});
