import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CancelledError,
  getEventLoop,
  getRunningLoop,
  type ConcurrentFutureLike,
  type Coroutine,
  type ExceptionContext,
  type Executor,
  type ShutdownOptions,
} from "@aio/core";
import { Future } from "@aio/future";
import { KeyboardInterrupt, Runner, TestLoop, run, type EventLoop } from "@aio/loop";
import { allTasks, createTask, currentTask } from "@aio/task";
import { sleep as lazySleep } from "@aio/combinators";

const here = dirname(fileURLToPath(import.meta.url));

function sleep(delay: number): Future<void> {
  const loop = getRunningLoop();
  const fut = new Future<void>({ loop });
  const timer = loop.callLater(delay, () => fut.done() || fut.setResult());
  fut.addDoneCallback(() => timer.cancel());
  return fut;
}

/** Options for run()/Runner that use a fresh TestLoop and remember it. */
function testLoop(reports: ExceptionContext[] = []): { loopFactory: () => TestLoop; loop(): TestLoop } {
  let made: TestLoop | null = null;
  return {
    loopFactory: () => {
      made = new TestLoop();
      made.setExceptionHandler((_l, c) => reports.push(c));
      return made;
    },
    loop: () => made!,
  };
}

describe("run()", () => {
  it("runs a generator function, a generator, an async function or a promise, and returns the result", async () => {
    function* gen(): Coroutine<string> {
      yield* sleep(1);
      return "gen";
    }
    expect(await run(gen, testLoop())).toBe("gen");
    expect(await run(gen(), testLoop())).toBe("gen");
    expect(await run(async () => {
      await sleep(1);
      return "async";
    }, testLoop())).toBe("async");
    expect(await run(Promise.resolve("promise"), testLoop())).toBe("promise");
  });

  it("also accepts an async function's promise, run(main()) as API.md writes it", async () => {
    async function main(): Promise<number> {
      // The call runs before the loop exists; \@aio/combinators' sleep only needs the loop once awaited.
      await lazySleep(2);
      return getRunningLoop().time();
    }
    expect(await run(main(), testLoop())).toBe(2);
  });

  it("runs main inside a task, so currentTask() works in both styles", async () => {
    const names = await run(async () => {
      const a = currentTask()?.getName();
      await sleep(1);
      const inner = await createTask(function* () {
        yield* sleep(1);
        return currentTask()?.getName();
      }, { name: "inner" });
      return [typeof a, inner];
    }, testLoop());
    expect(names).toEqual(["string", "inner"]);
  });

  it("rejects with main's error", async () => {
    await expect(run(function* () {
      yield* sleep(1);
      throw new RangeError("main failed");
    }, testLoop())).rejects.toThrow(RangeError);
  });

  it("is refused, as a rejection, inside a running loop", async () => {
    const error = await run(async () => {
      try {
        await run(function* () {}, testLoop());
        return null;
      } catch (e) {
        return e;
      }
    }, testLoop());
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("run() cannot be called from a running event loop");
  });

  it("cancels the tasks still pending when main ends, and waits for their cleanup", async () => {
    const log: string[] = [];
    const t = testLoop();
    await run(function* () {
      createTask(function* () {
        try {
          yield* sleep(100);
        } finally {
          log.push(`cleanup starts at ${getRunningLoop().time()}`);
          yield* sleep(2);
          log.push(`cleanup ends at ${getRunningLoop().time()}`);
        }
      });
      createTask(async () => {
        try {
          await sleep(100);
        } catch (e) {
          log.push(`async child got ${(e as Error).name}`);
          throw e;
        }
      });
      yield* sleep(1);
      log.push("main returns");
    }, t);
    expect(log).toEqual(["main returns", "cleanup starts at 1", "async child got CancelledError", "cleanup ends at 3"]);
    expect(t.loop().isClosed()).toBe(true);
  });

  it("reports errors the cancelled tasks end with", async () => {
    const reports: ExceptionContext[] = [];
    const err = new Error("bad cleanup");
    await run(function* () {
      createTask(function* () {
        try {
          yield* sleep(100);
        } finally {
          throw err;
        }
      }, { name: "messy" });
      yield;
    }, testLoop(reports));
    expect(reports.length).toBe(1);
    expect(reports[0]!.message).toBe("unhandled exception during run() shutdown");
    expect(reports[0]!.exception).toBe(err);
    expect(reports[0]!.task?.getName()).toBe("messy");
  });

  it("closes its loop, shuts the default executor down, and unsets the event loop", async () => {
    const shutdowns: ShutdownOptions[] = [];
    const executor: Executor = {
      submit(): ConcurrentFutureLike<never> {
        throw new Error("not used");
      },
      shutdown(options?: ShutdownOptions) {
        shutdowns.push(options ?? {});
      },
    } as unknown as Executor;
    let loop: EventLoop | null = null;
    await run(function* () {
      loop = getRunningLoop() as EventLoop;
      loop.setDefaultExecutor(executor);
      yield;
    }, testLoop());
    expect(loop!.isClosed()).toBe(true);
    expect(shutdowns).toEqual([{ wait: true }]);
    expect(() => getEventLoop()).toThrow();
  });

  it("applies options.debug", async () => {
    expect(await run(function* () {
      return getRunningLoop().getDebug();
    }, { ...testLoop(), debug: true })).toBe(true);
  });

  it("uses a real-time loop by default", async () => {
    const start = performance.now();
    const got = await run(async () => {
      const loop = getRunningLoop();
      const t0 = loop.time();
      await sleep(0.005);
      return loop.time() - t0;
    });
    expect(got).toBeGreaterThanOrEqual(0.005);
    expect(performance.now() - start).toBeGreaterThanOrEqual(4);
  });
});

describe("Runner", () => {
  it("runs several mains on one loop, made on first use", async () => {
    const runner = new Runner(testLoop());
    const loop = runner.getLoop();
    expect(runner.getLoop()).toBe(loop);
    expect(getEventLoop()).toBe(loop);
    expect(await runner.run(function* () {
      yield* sleep(1);
      return getRunningLoop() === loop;
    })).toBe(true);
    expect(await runner.run(async () => {
      await sleep(1);
      return getRunningLoop().time();
    })).toBe(2);
    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  it("keeps tasks alive between runs and cancels them on close", async () => {
    const runner = new Runner(testLoop());
    const log: string[] = [];
    await runner.run(function* () {
      createTask(function* () {
        try {
          yield* sleep(100);
        } finally {
          log.push(`background task cancelled at ${getRunningLoop().time()}`);
        }
      });
      yield;
    });
    expect(await runner.run(function* () {
      return allTasks().size; // the background task and this main
    })).toBe(2);
    await runner.close();
    expect(log).toEqual(["background task cancelled at 0"]);
  });

  it("refuses to run or hand out its loop once closed, and closing twice is fine", async () => {
    const runner = new Runner(testLoop());
    await runner.run(function* () {});
    await runner.close();
    await runner.close();
    await expect(runner.run(function* () {})).rejects.toThrow("Runner is closed");
    expect(() => runner.getLoop()).toThrow("Runner is closed");
  });

  it("closes at the end of an `await using` block", async () => {
    let loop: EventLoop | null = null;
    {
      await using runner = new Runner(testLoop());
      loop = runner.getLoop();
      await runner.run(function* () {
        yield* sleep(1);
      });
    }
    expect(loop.isClosed()).toBe(true);
  });

  it("does not make a loop when closed without being used", async () => {
    let made = 0;
    const runner = new Runner({ loopFactory: () => (made++, new TestLoop()) });
    await runner.close();
    expect(made).toBe(0);
  });

  it("leaves the main task's cancellation count alone when no Ctrl-C happened", async () => {
    const runner = new Runner(testLoop());
    const main = runner.getLoop().createTask(function* () {
      yield* sleep(10);
    });
    runner.getLoop().callLater(1, () => main.cancel());
    await expect(runner.run(main)).rejects.toThrow(CancelledError);
    expect(main.cancelling()).toBe(1);
    await runner.close();
  });

  it("refuses to close from inside its running loop, and stays usable", async () => {
    const runner = new Runner(testLoop());
    const got = await runner.run(async () => {
      try {
        await runner.close();
        return "closed";
      } catch (e) {
        return `${(e as Error).message}; main cancelling=${currentTask()!.cancelling()}`;
      }
    });
    expect(got).toBe("Runner.close() cannot be called while its loop is running; main cancelling=0");
    expect(await runner.run(function* () { return 1; })).toBe(1);
    await runner.close();
    expect(runner.getLoop).toThrow();
  });

  it("refuses bad options", () => {
    expect(() => new Runner(null as never)).toThrow(/^Runner\(options\): expected \{.*\}, got null$/);
  });

  it("refuses to run from inside its own running loop", async () => {
    const runner = new Runner(testLoop());
    const got = await runner.run(async () => {
      try {
        await runner.run(function* () {});
        return null;
      } catch (e) {
        return e;
      }
    });
    expect((got as Error).message).toBe("Runner.run() cannot be called from a running event loop");
    await runner.close();
  });
});

describe("run() and Ctrl-C (SIGINT)", () => {
  // run() traps SIGINT only when the process has no other listener; a test runner may have one
  // (Stryker's workers do), so each test starts with none and gets the runner's back afterwards.
  let others: ((...args: unknown[]) => void)[] = [];
  beforeEach(() => {
    others = process.listeners("SIGINT") as typeof others;
    for (const l of others) process.off("SIGINT", l);
  });
  afterEach(() => {
    for (const l of others) process.on("SIGINT", l);
  });

  it("leaves Ctrl-C to a SIGINT listener the program already has", async () => {
    let heard = 0;
    const mine = (): void => void heard++;
    process.on("SIGINT", mine);
    try {
      let loop: TestLoop | undefined;
      const released = new Promise<void>((r) => setImmediate(r));
      let listeners = -1;
      const result = run(async function () {
        const fut = new Future<string>();
        void released.then(() => {
          listeners = process.listenerCount("SIGINT");
          process.emit("SIGINT");
          loop!.callSoon(() => fut.done() || fut.setResult("not cancelled")); // from outside the loop: wakes it
        });
        return await fut;
      }, { loopFactory: () => (loop = new TestLoop({ autojump: false })) });
      expect(await result).toBe("not cancelled");
      expect(listeners).toBe(1); // run() added none of its own
      expect(heard).toBe(1);
    } finally {
      process.off("SIGINT", mine);
    }
  });

  it("cancels the main task on the first SIGINT and rejects with KeyboardInterrupt", async () => {
    const log: string[] = [];
    const result = run(function* () {
      try {
        yield* sleep(100);
      } finally {
        log.push(`cleanup at ${getRunningLoop().time()}`);
      }
    }, { loopFactory: () => new TestLoop({ autojump: false }) }); // time stands still until the signal
    setImmediate(() => process.emit("SIGINT"));
    await expect(result).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(log).toEqual(["cleanup at 0"]);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("returns main's value if main handles the cancellation and returns", async () => {
    const result = run(function* () {
      try {
        yield* sleep(100);
        return "slept";
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        return "interrupted, cleaned up";
      }
    }, { loopFactory: () => new TestLoop({ autojump: false }) });
    setImmediate(() => process.emit("SIGINT"));
    expect(await result).toBe("interrupted, cleaned up");
  });

  it("rejects with CancelledError when main is a plain future (it has no uncancel())", async () => {
    const runner = new Runner({ loopFactory: () => new TestLoop({ autojump: false }) });
    const fut = new Future<void>({ loop: runner.getLoop() });
    const result = runner.run(fut);
    setImmediate(() => process.emit("SIGINT"));
    await expect(result).rejects.toBeInstanceOf(CancelledError);
    await runner.close();
  });

  it("cancels an async-function main on the first SIGINT and rejects with KeyboardInterrupt", async () => {
    const log: string[] = [];
    const result = run(async () => {
      try {
        await sleep(100);
      } finally {
        log.push(`cleanup at ${getRunningLoop().time()}`);
      }
    }, { loopFactory: () => new TestLoop({ autojump: false }) });
    setImmediate(() => process.emit("SIGINT"));
    await expect(result).rejects.toThrow(new KeyboardInterrupt());
    await expect(result).rejects.toHaveProperty("name", "KeyboardInterrupt");
    expect(log).toEqual(["cleanup at 0"]);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("a second SIGINT steps aside and re-sends the signal for the default action (here: a listener added meanwhile)", async () => {
    // The default action would end this process: a listener added after run() trapped Ctrl-C
    // receives the re-sent signal instead, which shows that run() removed its own and re-sent it.
    let heard = 0;
    const mine = (): void => void heard++;
    const steps: string[] = [];
    let release: Future<void> | null = null;
    const result = run(function* () {
      release = new Future<void>();
      try {
        yield* sleep(100);
      } catch (e) {
        steps.push(`first: ${(e as Error).name}`);
      }
      yield* release!;
      return "main returned";
    }, { loopFactory: () => new TestLoop({ autojump: false }) });
    try {
      await new Promise((r) => setImmediate(r));
      process.emit("SIGINT"); // the first: cancels main, which carries on
      await new Promise((r) => setImmediate(r));
      expect(steps).toEqual(["first: CancelledError"]);
      process.on("SIGINT", mine);
      expect(process.listenerCount("SIGINT")).toBe(2);
      process.emit("SIGINT"); // the second: run() removes its listener and sends SIGINT for real
      expect(process.listenerCount("SIGINT")).toBe(1);
      for (let i = 0; i < 200 && heard < 2; i++) await new Promise((r) => setTimeout(r, 5));
      expect(heard).toBe(2); // the emitted one, and the real one re-sent by run()
      const fut = release!;
      fut.getLoop().callSoon(() => fut.setResult());
      expect(await result).toBe("main returned");
    } finally {
      process.off("SIGINT", mine);
    }
  });

  // Skipped under mutation testing: Stryker switches mutants on inside its own process, so a child
  // process could never see one (and the sandbox's copy does not resolve tsx's paths the same way).
  it.skipIf(process.env.AIO_MUTATION === "1")("exits the process on a second SIGINT", () => {
    // A real process on a real loop: node with tsx's loader, @aio/* resolved to sources.
    const out = spawnSync(process.execPath, ["--import", "tsx", join("test", "fixtures", "sigint-twice.ts")], {
      cwd: resolve(here, ".."),
      env: { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.test.json" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(out.stdout).toContain("first SIGINT landed: CancelledError");
    expect(out.stdout).not.toContain("main returned");
    expect(out.signal).toBe("SIGINT");
  });
});
