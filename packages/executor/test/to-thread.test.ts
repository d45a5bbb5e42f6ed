import { getRunningLoop } from "@aio/core";
import { run } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { ProcessPoolExecutor, ThreadPoolExecutor, toThread } from "../src/index.js";

// The functions of the asyncio docs' "run_in_executor" example, in TypeScript.
function blockingIo(): Uint8Array {
  // File operations (such as logging) can block the event loop: run them in a thread pool.
  const fs = require("node:fs");
  const fd = fs.openSync("/dev/urandom", "r");
  const bytes = Buffer.alloc(100);
  fs.readSync(fd, bytes, 0, 100, null);
  fs.closeSync(fd);
  return bytes;
}

function cpuBound(): number {
  // CPU-bound operations block the event loop: run them in a process pool.
  let sum = 0;
  for (let i = 0; i < 10 ** 6; i++) sum += i * i;
  return sum;
}

describe("loop.runInExecutor()", () => {
  it("runs the asyncio example: the default pool, a custom thread pool and a process pool", async () => {
    const results = await run(async () => {
      const loop = getRunningLoop();
      const fromDefault = await loop.runInExecutor(null, blockingIo);
      let fromThreads: Uint8Array;
      {
        await using pool = new ThreadPoolExecutor();
        fromThreads = await loop.runInExecutor(pool, blockingIo);
      }
      let fromProcesses: number;
      {
        await using pool = new ProcessPoolExecutor();
        fromProcesses = await loop.runInExecutor(pool, cpuBound);
      }
      return { fromDefault, fromThreads, fromProcesses };
    });
    expect(results.fromDefault).toHaveLength(100);
    expect(results.fromThreads).toHaveLength(100);
    expect(results.fromDefault).not.toEqual(results.fromThreads);
    expect(results.fromProcesses).toBe(cpuBound());
  });

  it("fails the loop future when submit refuses a closure, naming the variable", async () => {
    const base = 10;
    await expect(run(async () => getRunningLoop().runInExecutor(null, (x: number) => x + base, 1))).rejects.toThrow(
      /fn uses "base"/,
    );
  });
});

describe("toThread()", () => {
  it("runs the function on the default executor and resolves on the loop", async () => {
    await expect(run(async () => toThread((a: number, b: number) => a * b, 6, 7))).resolves.toBe(42);
  });

  it("throws outside a running loop", () => {
    expect(() => toThread(() => 1)).toThrow("no running event loop");
  });
});
