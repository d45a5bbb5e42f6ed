import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ProcessPoolExecutor } from "../src/index.js";
import { processes } from "./helpers.js";
import { describePool } from "./pool-suite.js";

describePool(processes);

describe("new ProcessPoolExecutor()", () => {
  it("defaults maxWorkers to the number of CPUs, like CPython", () => {
    expect(new ProcessPoolExecutor().maxWorkers).toBe(availableParallelism());
  });

  it("rejects a maxWorkers that is not an integer > 0, naming the argument", () => {
    expect(() => new ProcessPoolExecutor({ maxWorkers: -2 })).toThrow(
      new RangeError("ProcessPoolExecutor(maxWorkers): expected an integer > 0, got -2 (number)"),
    );
  });
});

describe("ProcessPoolExecutor jobs", () => {
  it("run in another process", async () => {
    const pool = processes.create({ maxWorkers: 1 });
    expect(await pool.submit(() => process.pid)).not.toBe(process.pid);
  });

  it("break the pool when the child is killed from outside", async () => {
    const pool = processes.create({ maxWorkers: 1 });
    const pid = await pool.submit(() => process.pid);
    const job = pool.submit(() => new Promise(() => {}));
    process.kill(pid, "SIGKILL");
    await expect(job).rejects.toThrow(/terminated abruptly/);
    await expect(job.then(null, (e: unknown) => String((e as Error).cause))).resolves.toMatch(/was killed by SIGKILL/);
  });
});
