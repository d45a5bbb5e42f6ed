import { CancelledError } from "@aio/core";
import { describe, expect, it } from "vitest";
import { gated, marker, processes, scratch, threads } from "./helpers.js";

describe.each([threads, processes])("$name.map()", (kind) => {
  it("yields results in input order, whatever order the jobs finish in", async () => {
    const pool = kind.create({ maxWorkers: 3 });
    const slowFirst = async (ms: number, label: string) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return label;
    };
    const results: string[] = [];
    for await (const value of pool.map(slowFirst, [12, 1, 6], ["a", "b", "c"])) results.push(value);
    expect(results).toEqual(["a", "b", "c"]);
  });

  it("stops at the shortest iterable, like zip", async () => {
    const pool = kind.create({ maxWorkers: 2 });
    const results: number[] = [];
    for await (const value of pool.map((a: number, b: number) => a * b, [1, 2, 3, 4], new Set([10, 20]))) results.push(value);
    expect(results).toEqual([10, 40]);
  });

  it("submits every job when called, before iteration starts", async () => {
    const s = scratch();
    const pool = kind.create({ maxWorkers: 2 });
    pool.map(marker, [s.dir, s.dir, s.dir], ["a", "b", "c"]);
    await pool.shutdown();
    expect(["a", "b", "c"].map((n) => s.has(`${n}.ran`))).toEqual([true, true, true]);
  });

  it("throws a job's error at its item, after the earlier results", async () => {
    const pool = kind.create({ maxWorkers: 1 });
    const failOnTwo = (x: number) => {
      if (x === 2) throw new RangeError("two is not allowed");
      return x;
    };
    const seen: number[] = [];
    await expect(async () => {
      for await (const value of pool.map(failOnTwo, [1, 2, 3])) seen.push(value);
    }).rejects.toThrow(new RangeError("two is not allowed"));
    expect(seen).toEqual([1]);
  });

  it("cancels the jobs that have not started when the loop is left early", async () => {
    // One worker: a finishes, b runs (held by its gate), c is still queued when the loop breaks.
    const s = scratch();
    const pool = kind.create({ maxWorkers: 1 });
    const job = (dir: string, name: string) => {
      const fs = require("node:fs");
      if (name === "b") {
        fs.writeFileSync(`${dir}/b.started`, "");
        const nap = new Int32Array(new SharedArrayBuffer(4));
        while (!fs.existsSync(`${dir}/b.go`)) Atomics.wait(nap, 0, 0, 2);
      }
      fs.writeFileSync(`${dir}/${name}.ran`, "");
      return name;
    };
    for await (const value of pool.map(job, [s.dir, s.dir, s.dir], ["a", "b", "c"])) {
      expect(value).toBe("a");
      await s.started("b");
      break;
    }
    s.open("b");
    await pool.shutdown();
    expect(["a", "b", "c"].map((n) => s.has(`${n}.ran`))).toEqual([true, true, false]);
  });

  it("refuses a closure synchronously, submitting nothing", () => {
    const pool = kind.create({ maxWorkers: 1 });
    const limit = 2;
    expect(() => pool.map((x: number) => x < limit, [1, 2])).toThrow(/fn uses "limit"/);
    expect(String(pool)).toContain("queued=0");
  });

  it("can be iterated by hand, and next() after the end stays done", async () => {
    const pool = kind.create({ maxWorkers: 1 });
    const it = pool.map((x: number) => -x, [1]);
    expect(await it.next()).toEqual({ done: false, value: -1 });
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it("gives CancelledError for an item whose job was cancelled directly", async () => {
    const s = scratch();
    const pool = kind.create({ maxWorkers: 1 });
    const first = pool.submit(gated, s.dir, "first");
    const it = pool.map((x: number) => x, [1]);
    await s.started("first");
    await pool.shutdown({ wait: false, cancelFutures: true });
    s.open("first");
    await expect(first).resolves.toBe("first");
    await expect(it.next()).rejects.toBeInstanceOf(CancelledError);
  });
});
