// WebWorkerExecutor in a real browser: run by tooling/browser (test/executor-web.test.ts) on a
// Chromium page, with the module jobs of fixtures/jobs.ts served at /jobs.js. Real workers and
// real time: delays are a few milliseconds and no test depends on timer precision.
import { describe, expect, it } from "vitest";
import { CancelledError, getRunningLoop, type Coroutine } from "@aio/core";
import { ConcurrentFuture, fromModule, jobSignal, wrapFuture } from "@aio/executor";
import { BrokenWebWorkerPool, WebWorkerExecutor, startWorkerRuntime } from "@aio/executor-web";
import { run } from "@aio/loop";
import { gather, sleep } from "@aio/combinators";
import { errorText, failure, until } from "./helpers.js";

const JOBS = new URL("/jobs.js", location.href);

describe("WebWorkerExecutor.submit()", () => {
  it("runs a function sent by its source on a worker and resolves to its value", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 2 });
    const f = pool.submit((a: number, b: number) => a * b, 6, 7);
    expect(f).toBeInstanceOf(ConcurrentFuture);
    expect(await f).toBe(42);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(42);
  });

  it("awaits an async job, and runs in a Web Worker (no document there)", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const where = await pool.submit(async () => {
      await new Promise((r) => setTimeout(r, 1));
      return ["document" in self, typeof self.postMessage, typeof jobSignal];
    });
    expect(where).toEqual([false, "function", "function"]);
  });

  it("refuses a closure at the call, naming the variable (and a page-only global)", () => {
    const pool = new WebWorkerExecutor();
    const secret = 3;
    expect(() => pool.submit(() => secret + 1)).toThrow(TypeError);
    expect(() => pool.submit(() => secret + 1)).toThrow(/^WebWorkerExecutor\.submit\(fn\): fn uses "secret", defined outside its body/);
    expect(() => pool.submit(() => document.title)).toThrow(/"document" is a global of the page that a Web Worker does not have/);
    expect(() => pool.submit(Math.max as never)).toThrow(/fn is a native function \(max\)/);
    expect(() => pool.submit(42 as never)).toThrow(/expected a function or a fromModule\(\) task, got 42/);
    void pool.shutdown();
  });

  it("keeps a job's error: class, message, stack and fields; undefined thrown becomes a TypeError", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const error = await failure(pool.submit(() => {
      throw Object.assign(new RangeError("too far"), { code: "E_FAR" });
    }));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as RangeError).message).toBe("too far");
    expect((error as { code?: string }).code).toBe("E_FAR");
    expect((error as Error).stack).toMatch(/too far/);
    const none = await failure(pool.submit(() => Promise.reject(undefined)));
    expect(errorText(none)).toMatch(/^TypeError: WebWorkerExecutor: the job threw undefined/);
    // The pool is not broken by job errors.
    expect(await pool.submit(() => "still fine")).toBe("still fine");
  });

  it("fails a job whose result cannot be cloned, with a TypeError that says so", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const error = await failure(pool.submit(() => () => 1));
    expect(errorText(error)).toMatch(/^TypeError: the job's result could not be sent back from the worker \(structured clone failed/);
  });

  it("fails a job whose arguments cannot be cloned, at once", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const error = await failure(pool.submit((f: unknown) => typeof f, (() => 1) as unknown));
    expect(errorText(error)).toMatch(/^TypeError: WebWorkerExecutor\.submit\(\): the job could not be sent to the worker/);
  });
});

describe("WebWorkerExecutor with module jobs (fromModule)", () => {
  it("imports the module once per worker and calls the export, with its imports and module variables", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 2 });
    expect(await pool.submit(fromModule(JOBS, "fib"), 20)).toBe(6765);
    expect(await pool.submit(fromModule(JOBS, "greet"), "page")).toBe("hello from a module, page");
  });

  it("fails the job when the export is not a function, or the module does not load", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1 });
    expect(errorText(await failure(pool.submit(fromModule(JOBS, "notAFunction")))))
      .toMatch(/^TypeError: fromModule: .*\/jobs\.js has no function export "notAFunction" \(got number\)/);
    expect(errorText(await failure(pool.submit(fromModule(new URL("/missing.js", location.href), "x"))))).toMatch(/missing\.js/);
  });

  it("fromModule refuses URLs a worker cannot import, and resolves paths against the page", () => {
    expect(() => fromModule("lodash", "x")).toThrow(/^fromModule\(url\): "lodash" is a bare module name/);
    expect(() => fromModule("file:///tmp/x.js", "x")).toThrow(/^fromModule\(url\): a Web Worker cannot import "file:\/\/\/tmp\/x\.js"/);
    expect(fromModule("./jobs.js", "fib").moduleUrl).toBe(new URL("./jobs.js", document.baseURI).href);
  });
});

describe("WebWorkerExecutor.map()", () => {
  it("yields results in input order, zipping the iterables to the shortest", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 3 });
    const out: number[] = [];
    for await (const v of pool.map(async (x: number, y: number) => {
      await new Promise((r) => setTimeout(r, (5 - x) * 2)); // later inputs finish first
      return x * y;
    }, [1, 2, 3, 4], [10, 20, 30])) out.push(v);
    expect(out).toEqual([10, 40, 90]);
  });

  it("throws a job's error at its item and cancels the jobs not started", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const seen: number[] = [];
    await expect((async () => {
      for await (const v of pool.map((x: number) => {
        if (x === 2) throw new Error("two");
        return x;
      }, [1, 2, 3, 4])) seen.push(v);
    })()).rejects.toThrow("two");
    expect(seen).toEqual([1]);
  });
});

describe("WebWorkerExecutor cancellation", () => {
  it("cancel() of a queued job: it never runs, and the next queued job does", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const gate = pool.submit(() => new Promise((r) => setTimeout(() => r("gate"), 20)));
    const queued = pool.submit(() => "should not run");
    const next = pool.submit(() => "next");
    expect(queued.cancel()).toBe(true);
    expect(queued.cancelled()).toBe(true);
    expect(await gate).toBe("gate");
    expect(await next).toBe("next");
    expect(errorText(await failure(queued))).toMatch(/^CancelledError/);
  });

  it("abort() of a running job aborts its jobSignal() in the worker; a job that stops frees the worker", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1, cancelGracePeriod: 60 });
    const job = pool.submit(() => new Promise<string>((resolve) => {
      const signal = jobSignal();
      signal.addEventListener("abort", () => resolve(`stopped: ${(signal.reason as Error).name}`));
    }));
    await until(() => job.running(), 5000, "the job to start");
    expect(job.abort(new CancelledError("enough"))).toBe(true);
    expect(job.cancelled()).toBe(true);
    expect(errorText(await failure(job))).toBe("CancelledError: ");
    // The job stopped, so the same worker takes the next job (no replacement: the grace is a minute).
    expect(await pool.submit(() => self.name)).toBe("aio-worker-1");
  });

  it("terminates and replaces a worker whose aborted job does not stop within the grace period", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1, cancelGracePeriod: 0.02 });
    const stuck = pool.submit(() => {
      const end = Date.now() + 60_000;
      while (Date.now() < end) { /* ignores its signal */ }
      return "finished";
    });
    await until(() => stuck.running(), 5000, "the stuck job to start");
    expect(stuck.abort()).toBe(true);
    expect(await pool.submit(() => self.name)).toBe("aio-worker-2"); // a new worker
    expect(String(pool)).toMatch(/^<WebWorkerExecutor running maxWorkers=1 workers=1 busy=0 queued=0>$/);
  });

  it("module jobs see cancellation through jobSignal() imported from @aio/executor", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const job = pool.submit(fromModule<() => Promise<string>>(JOBS, "waitForAbort"));
    await until(() => job.running(), 5000, "the job to start");
    job.abort();
    // The worker reports back (the job returned after the abort): the next job runs on it.
    expect(await pool.submit(fromModule(JOBS, "fib"), 10)).toBe(55);
  });

  for (const style of ["generator", "async"] as const) {
    it(`cancelling the loop future of runInExecutor in a ${style} task aborts the running job`, async () => {
      await using pool = new WebWorkerExecutor({ maxWorkers: 1, cancelGracePeriod: 5 });
      const job = (): Promise<string> => new Promise((resolve) => {
        jobSignal().addEventListener("abort", () => resolve("aborted"));
      });
      const result = await run(style === "async"
        ? async () => {
            const fut = getRunningLoop().runInExecutor(pool, job);
            await sleep(0.005);
            fut.cancel();
            try {
              await fut;
              return "not cancelled";
            } catch (e) {
              return e instanceof CancelledError ? "cancelled" : String(e);
            }
          }
        : function* (): Coroutine<string> {
            const fut = getRunningLoop().runInExecutor(pool, job);
            yield* sleep(0.005);
            fut.cancel();
            try {
              yield* fut;
              return "not cancelled";
            } catch (e) {
              return e instanceof CancelledError ? "cancelled" : String(e);
            }
          });
      expect(result).toBe("cancelled");
      expect(await pool.submit(() => "worker free again")).toBe("worker free again");
    });
  }
});

describe("WebWorkerExecutor on an @aio loop", () => {
  it("runs the README example: runInExecutor keeps the page's loop free while a worker counts primes", async () => {
    function countPrimes(below: number): number {
      let count = 0;
      for (let n = 2; n < below; n++) {
        let prime = true;
        for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
        if (prime) count++;
      }
      return count;
    }
    const lines: string[] = [];
    await run(async () => {
      await using pool = new WebWorkerExecutor({ maxWorkers: 4 });
      const job = getRunningLoop().runInExecutor(pool, countPrimes, 1_000_000);
      await sleep(0.01); // the loop runs on while the worker computes
      lines.push("slept");
      lines.push(String(await job));
    });
    expect(lines).toEqual(["slept", "78498"]);
  });

  for (const style of ["generator", "async"] as const) {
    it(`gathers jobs of several workers through wrapFuture (${style} task)`, async () => {
      await using pool = new WebWorkerExecutor({ maxWorkers: 3 });
      const square = (x: number): number => x * x;
      const result = await run(style === "async"
        ? async () => gather([1, 2, 3, 4].map((x) => wrapFuture(pool.submit(square, x))))
        : function* (): Coroutine<number[]> {
            return yield* gather([1, 2, 3, 4].map((x) => wrapFuture(pool.submit(square, x))));
          });
      expect(result).toEqual([1, 4, 9, 16]);
    });
  }

  it("is the loop's default executor once set", async () => {
    const pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const value = await run(async () => {
      const loop = getRunningLoop() as unknown as { setDefaultExecutor(e: unknown): void; runInExecutor<R>(e: null, fn: (...a: number[]) => R, ...a: number[]): PromiseLike<R> };
      loop.setDefaultExecutor(pool);
      return await loop.runInExecutor(null, (a: number, b: number) => a - b, 10, 3);
    });
    expect(value).toBe(7);
    // run() shut the default executor down.
    expect(() => pool.submit(() => 1)).toThrow(/^cannot schedule new futures after shutdown/);
  });
});

describe("WebWorkerExecutor: a worker that dies breaks the pool", () => {
  const deaths: [string, () => unknown][] = [
    ["an uncaught error in a timer the job left behind", () => {
      setTimeout(() => {
        throw new Error("late boom");
      }, 0);
      return new Promise(() => {}); // still running when the worker dies
    }],
    ["a promise the job left to reject unhandled", () => {
      void Promise.reject(new Error("nobody handles me"));
      return new Promise(() => {});
    }],
    ["a job that closes its worker", () => {
      self.close();
      return new Promise(() => {});
    }],
  ];
  for (const [what, job] of deaths) {
    it(`on ${what}: pending futures fail with BrokenWebWorkerPool, and so does submit()`, async () => {
      const pool = new WebWorkerExecutor({ maxWorkers: 1 });
      const running = pool.submit(job);
      const queued = pool.submit(() => "queued");
      const error = await failure(running);
      expect(error).toBeInstanceOf(BrokenWebWorkerPool);
      expect(errorText(error)).toBe("BrokenWebWorkerPool: A worker of the Web Worker pool died while the future was running or pending.");
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect(await failure(queued)).toBeInstanceOf(BrokenWebWorkerPool);
      expect(() => pool.submit(() => 1)).toThrow(BrokenWebWorkerPool);
      expect(() => pool.submit(() => 1)).toThrow(/the Web Worker pool is not usable anymore \(WebWorkerExecutor\.submit\(\)\)$/);
      expect(String(pool)).toMatch(/^<WebWorkerExecutor broken /);
      await pool.shutdown(); // resolves on a broken pool too
    });
  }

  it("a worker script that cannot load: start() rejects with BrokenWebWorkerPool", async () => {
    const pool = new WebWorkerExecutor({ maxWorkers: 1, workerUrl: new URL("/no-such-worker.js", location.href) });
    const error = await pool.start().then(() => "started", (e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenWebWorkerPool);
    await pool.shutdown();
  });
});

describe("WebWorkerExecutor options and lifecycle", () => {
  it("runs its workers from workerUrl (a module script that calls startWorkerRuntime()) when given", async () => {
    await using pool = new WebWorkerExecutor({ maxWorkers: 1, workerUrl: new URL("/executor-web/worker.js", location.href) });
    await pool.start();
    expect(await pool.submit(() => "from the worker module")).toBe("from the worker module");
  });

  it("start() starts every worker; shutdown() waits for running and queued jobs", async () => {
    const pool = new WebWorkerExecutor({ maxWorkers: 2 });
    await pool.start();
    expect(String(pool)).toBe("<WebWorkerExecutor running maxWorkers=2 workers=2 busy=0 queued=0>");
    const futures = [1, 2, 3].map((x) => pool.submit(async (n: number) => {
      await new Promise((r) => setTimeout(r, 5));
      return n;
    }, x));
    await pool.shutdown();
    expect(futures.map((f) => f.result())).toEqual([1, 2, 3]);
    expect(String(pool)).toMatch(/^<WebWorkerExecutor shutdown maxWorkers=2 workers=0/);
    expect(() => pool.submit(() => 1)).toThrow("cannot schedule new futures after shutdown (WebWorkerExecutor.submit())");
    expect(() => pool.start()).toThrow("cannot start workers after shutdown (WebWorkerExecutor.start())");
  });

  it("shutdown({ cancelFutures: true }) cancels the queued jobs; the running one finishes", async () => {
    const pool = new WebWorkerExecutor({ maxWorkers: 1 });
    const running = pool.submit(() => new Promise((r) => setTimeout(() => r("ran"), 10)));
    const queued = pool.submit(() => "queued");
    await until(() => running.running(), 5000, "the first job to start");
    await pool.shutdown({ cancelFutures: true });
    expect(running.result()).toBe("ran");
    expect(queued.cancelled()).toBe(true);
  });

  it("startWorkerRuntime() refuses to run on the page itself", () => {
    expect(() => startWorkerRuntime()).toThrow("startWorkerRuntime(): call it in a Web Worker (the script given as WebWorkerExecutor's workerUrl)");
  });

  it("checks its options and its shutdown options, naming the argument", () => {
    expect(() => new WebWorkerExecutor({ maxWorkers: 0 })).toThrow(new RangeError("WebWorkerExecutor(maxWorkers): expected an integer > 0, got 0 (number)"));
    expect(() => new WebWorkerExecutor({ cancelGracePeriod: -1 })).toThrow(RangeError);
    expect(() => new WebWorkerExecutor({ workerUrl: 3 as never })).toThrow(/^WebWorkerExecutor\(workerUrl\): expected a URL, a string or null, got 3 \(number\)$/);
    expect(() => new WebWorkerExecutor({ max_workers: 2 } as never)).toThrow(/unknown option "max_workers"/);
    expect(new WebWorkerExecutor().maxWorkers).toBe(navigator.hardwareConcurrency);
    const pool = new WebWorkerExecutor();
    expect(() => pool.shutdown({ wait: "yes" as never })).toThrow('WebWorkerExecutor.shutdown(wait): expected a boolean, got "yes" (string)');
    void pool.shutdown();
  });
});
