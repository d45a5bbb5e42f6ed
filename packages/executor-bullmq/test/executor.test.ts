// BullMQExecutor against a real Redis and real aio-worker processes: results, map, errors as they
// cross, the local pools' rules for functions and values, and the loop's ways in (runInExecutor,
// wrapFuture, toThread), with each kind of worker pool.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getRunningLoop, TimeoutError, type Coroutine } from "@aio/core";
import { ConcurrentFuture, fromModule, toThread, wrapFuture } from "@aio/executor";
import { run } from "@aio/loop";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullMQExecutor, type BullMQExecutorOptions, type WorkerPoolKind } from "../src/index.js";
import { startRedis, type RedisServer } from "./redis.js";
import { JOBS, killWorkers, spawnWorker, tempDir } from "./workers.js";

// Inside a job sent by its source, `jobSignal` is a global of the worker.
declare global {
  const jobSignal: typeof import("@aio/executor").jobSignal;
}

let redis: RedisServer;
const scratch = tempDir();
const executors: BullMQExecutor[] = [];

beforeAll(async () => {
  redis = await startRedis();
  // One queue per kind of worker pool, one worker process each.
  await Promise.all([
    spawnWorker(redis.url, ["--queue", "inline", "--pool", "inline", "--concurrency", "4"]),
    spawnWorker(redis.url, ["--queue", "thread", "--pool", "thread", "--concurrency", "2"]),
    spawnWorker(redis.url, ["--queue", "process", "--pool", "process", "--concurrency", "2"]),
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all(executors.map((executor) => executor.shutdown({ cancelFutures: true })));
  await killWorkers();
  await redis.stop();
  scratch.remove();
});

function executor(queue: WorkerPoolKind, options: Partial<BullMQExecutorOptions> = {}): BullMQExecutor {
  const made = new BullMQExecutor({ connection: redis.url, queue, ...options });
  executors.push(made);
  return made;
}

const POOLS: readonly WorkerPoolKind[] = ["inline", "thread", "process"];

describe.each(POOLS)("with --pool %s", (pool) => {
  it("runs functions sent by their source, sync and async, and module tasks", async () => {
    const ex = executor(pool);
    const cf = ex.submit((a: number, b: number) => a + b, 1, 2);
    expect(cf).toBeInstanceOf(ConcurrentFuture);
    expect(await cf).toBe(3);
    expect(cf.done()).toBe(true);
    expect(await ex.submit(async (s: string) => `${s}!`, "hi")).toBe("hi!");
    expect(await ex.submit(fromModule<typeof import("./fixtures/jobs.mjs").add>(JOBS, "add"), 20, 22)).toBe(42);
    const method = { twice(x: number) { return 2 * x; } };
    expect(await ex.submit(method.twice, 21)).toBe(42);
  });

  it("copies arguments and results by structured clone: Map, Date, BigInt, typed arrays", async () => {
    const ex = executor(pool);
    const value = await ex.submit(
      (m: Map<string, Date>, n: bigint, bytes: Uint8Array) => ({ m, n: n * 2n, sum: bytes.reduce((a, b) => a + b, 0) }),
      new Map([["epoch", new Date(0)]]),
      21n,
      new Uint8Array([1, 2, 3]),
    );
    expect(value.m.get("epoch")).toEqual(new Date(0));
    expect(value.n).toBe(42n);
    expect(value.sum).toBe(6);
  });

  it("maps in input order, zipping iterables to the shortest", async () => {
    const ex = executor(pool);
    const out: number[] = [];
    for await (const x of ex.map((a: number, b: number) => a * b, [1, 2, 3, 4, 5], new Set([10, 20, 30]))) out.push(x);
    expect(out).toEqual([10, 40, 90]);
  });

  it("delivers a job's error with its class name, message, stack, fields and cause", async () => {
    const ex = executor(pool);
    const error = await ex.submit(fromModule(JOBS, "failWithCause"), "bad email").then(() => null, (e: unknown) => e as Error & { field?: string });
    expect(error).toBeInstanceOf(Error);
    expect(error?.name).toBe("ValidationError");
    expect(error?.message).toBe("bad email");
    expect(error?.field).toBe("email");
    expect(error?.stack).toMatch(/failWithCause/);
    expect(error?.cause).toBeInstanceOf(RangeError);
    expect((error?.cause as Error).message).toBe("the root cause");
    await expect(ex.submit(() => { throw new TypeError("typed"); })).rejects.toThrow(new TypeError("typed"));
  });

  it("turns a job that throws undefined into a TypeError", async () => {
    const ex = executor(pool);
    const error = await ex.submit(() => { throw undefined; }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/the job threw undefined/);
  });

  it("fails the future when the result does not clone", async () => {
    const ex = executor(pool);
    const error = await ex.submit(() => () => 1).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/result could not be sent back from the worker/);
  });
});

describe("BullMQExecutor", () => {
  it("refuses a closure synchronously, naming the variable, as the local pools do", () => {
    const ex = executor("inline");
    const factor = 3;
    expect(() => ex.submit((x: number) => x * factor, 2)).toThrow(TypeError);
    expect(() => ex.submit((x: number) => x * factor, 2)).toThrow(/BullMQExecutor.submit\(fn\): fn uses "factor", defined outside its body/);
    expect(() => ex.map((x: number) => x * factor, [])).toThrow(/BullMQExecutor.map\(fn\): fn uses "factor"/);
    expect(() => ex.submit(Math.max)).toThrow(/native function/);
    expect(() => ex.submit(42 as never)).toThrow(new TypeError("BullMQExecutor.submit(fn): expected a function or a fromModule() task, got 42 (number)"));
    expect(() => ex.map((x: number) => x, 5 as never)).toThrow(
      new TypeError("BullMQExecutor.map(fn, ...iterables): iterables[0] is not iterable, got 5 (number)"),
    );
  });

  it("fails the future (not the call) when an argument does not clone", async () => {
    const ex = executor("inline");
    const cf = ex.submit((f: unknown) => typeof f, () => 1);
    const error = await cf.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^BullMQExecutor.submit\(\): the job could not be sent to the worker: .*could not be cloned/);
  });

  it("gives a running job its jobSignal() in a function sent by its source", async () => {
    const ex = executor("thread");
    expect(await ex.submit(() => jobSignal().aborted)).toBe(false);
  });

  it("retries a failing job up to jobOptions.attempts, with the last error if all fail", async () => {
    const counter = join(scratch.dir, "flaky-1");
    const ex = executor("inline", { jobOptions: { attempts: 3 } });
    expect(await ex.submit(fromModule(JOBS, "flaky"), counter, 3)).toBe(3);
    const counter2 = join(scratch.dir, "flaky-2");
    const ex2 = executor("inline", { jobOptions: { attempts: 2, backoff: 0.01 } });
    await expect(ex2.submit(fromModule(JOBS, "flaky"), counter2, 5)).rejects.toThrow("run 2 fails");
    expect(readFileSync(counter2, "utf8")).toBe("xx");
  });

  it("does not retry by default: the first error reaches the future", async () => {
    const counter = join(scratch.dir, "flaky-3");
    const ex = executor("inline");
    await expect(ex.submit(fromModule(JOBS, "flaky"), counter, 2)).rejects.toThrow("run 1 fails");
    expect(readFileSync(counter, "utf8")).toBe("x");
  });

  it("fails a job that runs past jobOptions.timeout with TimeoutError, aborting its signal", async () => {
    const ex = executor("thread", { jobOptions: { timeout: 0.2 } });
    const path = join(scratch.dir, "timeout");
    const error = await ex.submit(fromModule(JOBS, "untilAborted"), path).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe("the job ran longer than its timeout of 0.2 s");
  });

  it("describes itself", async () => {
    const ex = executor("inline");
    expect(String(ex)).toBe(`<BullMQExecutor running queue=inline redis=redis://127.0.0.1:${redis.port} pending=0 running=0>`);
    await ex.shutdown();
    expect(String(ex)).toMatch(/^<BullMQExecutor shutdown /);
    expect(ex.queue).toBe("inline");
  });
});

describe("the loop's ways in", () => {
  it("works with loop.runInExecutor from an async-function task and a generator task", async () => {
    const ex = executor("thread");
    const viaAwait = await run(async () => getRunningLoop().runInExecutor(ex, (a: number) => a + 1, 41));
    const viaYield = await run(function* (): Coroutine<number> {
      return yield* getRunningLoop().runInExecutor(ex, (a: number) => a * 2, 21);
    });
    expect([viaAwait, viaYield]).toEqual([42, 42]);
  });

  it("works with wrapFuture", async () => {
    const ex = executor("inline");
    expect(await run(async () => wrapFuture(ex.submit(() => "wrapped")))).toBe("wrapped");
  });

  it("serves toThread when it is the loop's default executor", async () => {
    const ex = executor("process");
    const got = await run(async () => {
      getRunningLoop().setDefaultExecutor(ex);
      return toThread(() => process.pid);
    });
    expect(got).not.toBe(process.pid);
  });

  it("makes a refused closure fail the loop future, as runInExecutor does for any executor", async () => {
    const ex = executor("inline");
    const base = 1;
    await expect(run(async () => getRunningLoop().runInExecutor(ex, (x: number) => x + base, 1))).rejects.toThrow(/fn uses "base"/);
  });
});
