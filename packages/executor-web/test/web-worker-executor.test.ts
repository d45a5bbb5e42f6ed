// WebWorkerExecutor under Node: what does not need a Web Worker (the checks made at the call, the
// closure rules, the broken pool of a runtime without workers). The pool itself runs in Chromium:
// see web-worker-executor.browser.ts, run by tooling/browser.
import { describe, expect, it } from "vitest";
import { BrokenExecutorError } from "@aio/core";
import { fromModule } from "@aio/executor";
import { BrokenWebWorkerPool, WebWorkerExecutor, startWorkerRuntime } from "@aio/executor-web";

describe("new WebWorkerExecutor(options)", () => {
  it("takes maxWorkers, cancelGracePeriod, workerUrl and name, with defaults", () => {
    expect(new WebWorkerExecutor({ maxWorkers: 3 }).maxWorkers).toBe(3);
    expect(new WebWorkerExecutor({ maxWorkers: null, cancelGracePeriod: null, workerUrl: null }).maxWorkers).toBeGreaterThan(0);
    expect(String(new WebWorkerExecutor({ maxWorkers: 2, cancelGracePeriod: 0, name: "jobs" }))).toBe(
      "<WebWorkerExecutor running maxWorkers=2 workers=0 busy=0 queued=0>",
    );
  });

  it.each([
    [{ maxWorkers: "2" }, TypeError, 'WebWorkerExecutor(maxWorkers): expected an integer > 0 or null, got "2" (string)'],
    [{ maxWorkers: 1.5 }, RangeError, "WebWorkerExecutor(maxWorkers): expected an integer > 0, got 1.5 (number)"],
    [{ maxWorkers: 0 }, RangeError, "WebWorkerExecutor(maxWorkers): expected an integer > 0, got 0 (number)"],
    [{ cancelGracePeriod: "1" }, TypeError, 'WebWorkerExecutor(cancelGracePeriod): expected a number of seconds >= 0, got "1" (string)'],
    [{ cancelGracePeriod: -1 }, RangeError, "WebWorkerExecutor(cancelGracePeriod): expected a number of seconds from 0 to 2147483, got -1 (number)"],
    [{ cancelGracePeriod: Number.NaN }, RangeError, "WebWorkerExecutor(cancelGracePeriod): expected a number of seconds from 0 to 2147483, got NaN (number)"],
    [{ workerUrl: 5 }, TypeError, "WebWorkerExecutor(workerUrl): expected a URL, a string or null, got 5 (number)"],
    [{ workerUrl: "" }, TypeError, "WebWorkerExecutor(workerUrl): expected a URL, a string or null, got an empty string"],
    [{ name: 1 }, TypeError, "WebWorkerExecutor(name): expected a string, got 1 (number)"],
    [{ maxworkers: 2 }, TypeError, 'WebWorkerExecutor(options): unknown option "maxworkers"; the options are maxWorkers, cancelGracePeriod, workerUrl, name'],
    [42, TypeError, "WebWorkerExecutor(options): expected an options object, got 42 (number)"],
  ] as const)("refuses %j with a %o naming the option", (options, Error, message) => {
    expect(() => new WebWorkerExecutor(options as never)).toThrow(new Error(message));
  });
});

describe("WebWorkerExecutor.submit(fn) and map(fn) check fn at the call", () => {
  // Under Node the first accepted job breaks the pool (no workers here): a fresh pool per call.
  const fresh = (): WebWorkerExecutor => new WebWorkerExecutor({ maxWorkers: 1 });
  const pool = fresh();

  it("refuses a function that uses a variable from outside its body, naming it", () => {
    const factor = 2;
    expect(() => pool.submit((x: number) => x * factor, 1)).toThrow(TypeError);
    expect(() => pool.submit((x: number) => x * factor, 1)).toThrow(
      /^WebWorkerExecutor\.submit\(fn\): fn uses "factor", defined outside its body\. A job is sent to the worker as source text/,
    );
    expect(() => pool.map((x: number) => x * factor, [1])).toThrow(/^WebWorkerExecutor\.map\(fn\): fn uses "factor"/);
  });

  it("refuses natives, bound functions, classes and non-functions", () => {
    expect(() => pool.submit(Math.max as never)).toThrow("WebWorkerExecutor.submit(fn): fn is a native function (max)");
    expect(() => pool.submit(((x: number) => x).bind(null) as never)).toThrow(/fn is a bound function \(bound \)/);
    expect(() => pool.submit(class A {} as never)).toThrow("WebWorkerExecutor.submit(fn): fn is a class (A); only functions can be sent to a worker");
    expect(() => pool.submit("x => x" as never)).toThrow('WebWorkerExecutor.submit(fn): expected a function or a fromModule() task, got "x => x" (string)');
  });

  it("allows the globals every Web Worker has, jobSignal, and esbuild's __name helper", () => {
    // Accepted: the future exists (it fails later here, where there are no workers).
    const ok = [
      () => Math.max(1, 2) + JSON.stringify([]).length,
      async () => (await fetch("data:,x")).text(),
      () => new URL(location.href).origin + navigator.userAgent + self.name,
      () => jobSignal().aborted,
      // eslint-disable-next-line no-new-func
      new Function("return __name(function f() {}, 'f')") as () => unknown,
    ];
    for (const fn of ok) expect(() => fresh().submit(fn)).not.toThrow();
  });

  it("refuses a map over something that is not iterable, naming its position", () => {
    expect(() => fresh().map((a: number, b: number) => a + b, [1], 5 as never)).toThrow(
      "WebWorkerExecutor.map(fn, ...iterables): iterables[1] is not iterable, got 5 (number)",
    );
  });

  it("takes module tasks made by @aio/executor's fromModule", () => {
    expect(() => fresh().submit(fromModule("data:text/javascript,export const f = () => 1", "f"))).not.toThrow();
  });
});

describe("WebWorkerExecutor where there are no Web Workers (Node)", () => {
  it("breaks the pool on the first job: the future fails with BrokenWebWorkerPool, whose cause says why", async () => {
    const pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const error = await pool.submit(() => 1).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenWebWorkerPool);
    expect(error).toBeInstanceOf(BrokenExecutorError);
    expect((error as Error).name).toBe("BrokenWebWorkerPool");
    expect(((error as Error).cause as Error).message).toBe("this runtime has no Web Workers (Worker is not defined)");
    expect(() => pool.submit(() => 2)).toThrow(
      "A worker of the pool died, the Web Worker pool is not usable anymore (WebWorkerExecutor.submit())",
    );
    await expect(pool.shutdown()).resolves.toBeUndefined();
  });

  it("start() throws at once on a broken pool, and after shutdown", async () => {
    const broken = new WebWorkerExecutor({ maxWorkers: 1 });
    await broken.start().catch(() => {});
    expect(() => broken.start()).toThrow(BrokenWebWorkerPool);
    const closed = new WebWorkerExecutor();
    await closed.shutdown();
    expect(() => closed.start()).toThrow("cannot start workers after shutdown (WebWorkerExecutor.start())");
    expect(() => closed.submit(() => 1)).toThrow("cannot schedule new futures after shutdown (WebWorkerExecutor.submit())");
  });

  it("startWorkerRuntime() refuses to run outside a Web Worker", () => {
    expect(() => startWorkerRuntime()).toThrow("startWorkerRuntime(): call it in a Web Worker (the script given as WebWorkerExecutor's workerUrl)");
  });

  it("methods called on something else say so", () => {
    const { submit } = new WebWorkerExecutor();
    expect(() => submit(() => 1)).toThrow(
      "WebWorkerExecutor.submit: called on undefined, not a WebWorkerExecutor; call it on the pool (pool.submit) or bind it",
    );
  });
});

declare function jobSignal(): AbortSignal;
