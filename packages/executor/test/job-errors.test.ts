// What the awaiter of a job gets when the job throws something that is not an error value:
// undefined and null (CPython's `raise None` is a TypeError), through every way of awaiting a job.
import { getRunningLoop, type ConcurrentFutureLike } from "@aio/core";
import { Future } from "@aio/future";
import { run, TestLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { ConcurrentFuture, toThread, wrapFuture } from "../src/index.js";
import { processes, threads } from "./helpers.js";

/** The rejection of `p`, or a marker if it resolved. */
const rejection = (p: PromiseLike<unknown>): Promise<unknown> => Promise.resolve(p).then(() => "resolved", (error: unknown) => error);

const THROWN_MESSAGE = /: the job threw (undefined|null) \(or its promise rejected with it\); a job must fail with an error value/;

describe.each([threads, processes])("a $name job that throws undefined or null", (kind) => {
  it("fails its future with a TypeError that says what it threw", async () => {
    const pool = kind.create({ maxWorkers: 1 });
    const futures = [
      pool.submit(() => { throw undefined; }),
      pool.submit(() => { throw null; }),
      pool.submit(async () => { await null; throw undefined; }),
      pool.submit(() => Promise.reject(null)),
    ];
    const errors = await Promise.all(futures.map(rejection));
    expect(errors.map((e) => (e as Error).constructor)).toEqual([TypeError, TypeError, TypeError, TypeError]);
    expect(errors.map((e) => (e as Error).message.match(/threw (\w+)/)?.[1])).toEqual(["undefined", "null", "undefined", "null"]);
    for (const [i, future] of futures.entries()) {
      expect((errors[i] as Error).message).toMatch(new RegExp(`^${kind.name}${THROWN_MESSAGE.source}`));
      expect(future.exception()).toBe(errors[i]);
      expect(() => future.result()).toThrow(errors[i] as Error);
    }
    // Other thrown non-errors still arrive as they are.
    await expect(pool.submit(() => { throw 0; })).rejects.toBe(0);
    await expect(pool.submit(() => { throw "text"; })).rejects.toBe("text");
  });

  it("fails the loop future of runInExecutor and wrapFuture, so the awaiting task gets the TypeError", async () => {
    const pool = kind.create({ maxWorkers: 1 });
    const outcome = await run(function* () {
      const got: unknown[] = [];
      for (const job of [() => { throw undefined; }, () => { throw null; }]) {
        try {
          yield* getRunningLoop().runInExecutor(pool, job);
        } catch (error) {
          got.push(error);
        }
        try {
          yield* wrapFuture(pool.submit(job));
        } catch (error) {
          got.push(error);
        }
      }
      return got;
    });
    expect(outcome).toHaveLength(4);
    for (const error of outcome) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(THROWN_MESSAGE);
    }
  });
});

describe("toThread() of a job that throws undefined or null", () => {
  it("gives the awaiting task a TypeError (the issue's example)", async () => {
    await expect(run(function* () {
      return yield* toThread(() => {
        throw undefined;
      });
    })).rejects.toThrow(new TypeError(
      "ThreadPoolExecutor: the job threw undefined (or its promise rejected with it); a job must fail with an error value, so it fails with this TypeError instead",
    ));
    await expect(run(async () => toThread(() => {
      throw null;
    }))).rejects.toThrow(/^ThreadPoolExecutor: the job threw null/);
  });
});

describe("ConcurrentFuture.setException()", () => {
  it("refuses undefined with a TypeError, as Future.setException() does, and null too", () => {
    const loop = new TestLoop();
    try {
      const error = (f: () => void): unknown => {
        try {
          f();
        } catch (e) {
          return e;
        }
        return null;
      };
      const fromFuture = error(() => new Future({ loop }).setException(undefined));
      const fromConcurrent = error(() => new ConcurrentFuture().setException(undefined));
      expect(fromFuture).toBeInstanceOf(TypeError);
      expect(fromConcurrent).toBeInstanceOf(TypeError);
      expect((fromFuture as Error).message).toBe("Future.setException(error): error must not be undefined");
      expect((fromConcurrent as Error).message).toBe("ConcurrentFuture.setException(error): error must not be undefined");
    } finally {
      loop.close();
    }
    const f = new ConcurrentFuture<number>();
    expect(() => f.setException(null)).toThrow(new TypeError("ConcurrentFuture.setException(error): error must not be null"));
    expect(f.done()).toBe(false);
    f.setResult(1);
    expect(f.result()).toBe(1);
  });

  it("instantiates an Error class, as Future.setException() does", () => {
    const f = new ConcurrentFuture<number>();
    f.setException(RangeError);
    expect(f.exception()).toBeInstanceOf(RangeError);
  });
});

describe("wrapFuture() of a foreign concurrent future that fails with undefined", () => {
  it("gives the loop future a TypeError instead of leaving it pending", () => {
    const loop = new TestLoop();
    try {
      const callbacks: ((f: ConcurrentFutureLike<number>) => void)[] = [];
      const foreign: ConcurrentFutureLike<number> = {
        cancel: () => false, cancelled: () => false, running: () => false, done: () => true,
        result: () => {
          throw undefined;
        },
        exception: () => undefined,
        addDoneCallback: (fn) => void callbacks.push(fn),
        then: (a, b) => Promise.reject(undefined).then(a, b),
      };
      const fut = wrapFuture(foreign, { loop });
      for (const fn of callbacks) fn(foreign);
      loop.runUntilIdle();
      expect(fut.exception()).toBeInstanceOf(TypeError);
      expect((fut.exception() as Error).message).toBe("wrapFuture(future): the concurrent future failed with undefined, which is not an error value");
    } finally {
      loop.close();
    }
  });
});
