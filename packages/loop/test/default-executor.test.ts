// The default executor: \@aio/executor's ThreadPoolExecutor, loaded the first time it is needed.
// This runs a real worker thread (the only way to prove the wiring); the job is trivial.
import { describe, expect, it } from "vitest";
import { TestLoop } from "@aio/loop";

describe("EventLoop.runInExecutor(null, ...) with @aio/executor installed", () => {
  it("loads a ThreadPoolExecutor lazily, runs the job on it, and shuts it down", async () => {
    const loop = new TestLoop();
    expect(loop._defaultExecutor).toBeNull();
    const fut = loop.runInExecutor(null, (a: number, b: number) => a * b, 6, 7);
    await expect(loop.runUntilComplete(fut)).resolves.toBe(42);
    expect(loop._defaultExecutor?.constructor.name).toBe("ThreadPoolExecutor");
    await loop.shutdownDefaultExecutor();
    expect(loop._defaultExecutor).toBeNull();
    loop.close();
  });
});
