import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ThreadPoolExecutor } from "../src/index.js";
import { threads } from "./helpers.js";
import { describePool } from "./pool-suite.js";

describePool(threads);

describe("new ThreadPoolExecutor()", () => {
  it("defaults maxWorkers to min(32, cpus + 4), like CPython", () => {
    expect(new ThreadPoolExecutor().maxWorkers).toBe(Math.min(32, availableParallelism() + 4));
    expect(new ThreadPoolExecutor({ maxWorkers: 3 }).maxWorkers).toBe(3);
  });

  it("rejects a maxWorkers that is not an integer > 0, naming the argument", () => {
    expect(() => new ThreadPoolExecutor({ maxWorkers: 0 })).toThrow(
      new RangeError("ThreadPoolExecutor(maxWorkers): expected an integer > 0, got 0 (number)"),
    );
    expect(() => new ThreadPoolExecutor({ maxWorkers: 1.5 })).toThrow(RangeError);
  });

  it("rejects a negative cancelGracePeriod", () => {
    expect(() => new ThreadPoolExecutor({ cancelGracePeriod: -1 })).toThrow(
      /^ThreadPoolExecutor\(cancelGracePeriod\): expected a number of seconds from 0 to 2147483, got -1 \(number\)$/,
    );
  });

  it("spawns no worker until there is work", () => {
    expect(String(new ThreadPoolExecutor())).toMatch(/^<ThreadPoolExecutor running maxWorkers=\d+ workers=0 busy=0 queued=0>$/);
  });
});

describe("ThreadPoolExecutor jobs", () => {
  it("can share memory with the caller through a SharedArrayBuffer", async () => {
    const pool = threads.create({ maxWorkers: 2 });
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const add = (shared: Int32Array, n: number) => {
      for (let i = 0; i < n; i++) Atomics.add(shared, 0, 1);
    };
    await Promise.all([pool.submit(add, counter, 1000), pool.submit(add, counter, 1000)]);
    expect(counter[0]).toBe(2000);
  });
});
