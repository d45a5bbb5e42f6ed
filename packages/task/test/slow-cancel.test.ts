// Debug mode: a cancelled task that does not reach a cancellation point within
// loop.slowCancelDuration seconds (loop time) is reported through the exception handler.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine, type ExceptionContext } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { Task, createTask } from "@aio/task";
import { creationSite, slowCancelReport, slowCancelWatches } from "../src/slow-cancel.js";
import { sleep } from "./helpers.js";

const SLOW = "has not reached a cancellation point";

/** A TestLoop whose reports are collected with the loop time they came at. */
function debugLoop(debug = true): { loop: TestLoop; reports: (ExceptionContext & { at: number })[] } {
  const loop = new TestLoop({ debug });
  const reports: (ExceptionContext & { at: number })[] = [];
  loop.setExceptionHandler((l, ctx) => {
    if (ctx.message.includes(SLOW)) reports.push({ ...ctx, at: l.time() });
  });
  return { loop, reports };
}

/** A future whose cancel() refuses, as a hand-written future might. */
class Stubborn<T> extends Future<T> {
  override cancel(): boolean {
    return false;
  }
}

/** A future that refuses cancel() and never calls back whoever waits on it (a broken hand-written future). */
class Deaf<T> extends Stubborn<T> {
  override addDoneCallback(): void {}
}

const FOREIGN =
  "awaiting something that is not an @aio awaitable (a foreign promise): a cancellation lands only at an @aio await. " +
  "Pass currentTask().signal to the foreign API, or wrap it: fromPromise(signal => fetch(url, { signal }))";

describe("debug mode: slow cancellation report", () => {
  it("reports once an async-function task stuck on a never-settling foreign promise, naming it and where it waits", async () => {
    const { loop, reports } = debugLoop();
    let t!: Task<void>;
    await loop.runUntilComplete(async () => {
      t = createTask(
        async () => {
          await sleep(0.5);
          await new Promise<void>(() => {}); // foreign: a cancellation cannot land here
        },
        { name: "fetcher" },
      );
      await sleep(1);
      t.cancel();
      t.cancel(); // a second request adds no second report
      await sleep(5);
    });
    expect(reports.length).toBe(1);
    const r = reports[0]!;
    expect(r.at).toBe(2); // 1 s (the default slowCancelDuration) after the cancel
    expect(r.message).toBe(`Task fetcher was cancelled 1.000 s ago and ${SLOW}`);
    expect(r.task === t).toBe(true);
    expect(String(r.task)).toContain("name=fetcher");
    expect(r.waiting_on).toMatch(/not an @aio awaitable \(a foreign promise\).*currentTask\(\)\.signal/);
    // Where the task was created (debug mode records it): the createTask line of this file.
    expect(r.source_traceback).toMatch(/^at .*slow-cancel\.test\.ts:\d+/);
    expect(t.done()).toBe(false);
    loop.setExceptionHandler(() => {});
    loop.close();
  });

  it("reports a generator task whose awaited future refuses to be cancelled", async () => {
    const { loop, reports } = debugLoop();
    loop.slowCancelDuration = 3;
    const stubborn = new Stubborn<number>({ loop });
    let t!: Task<number>;
    await loop.runUntilComplete(function* (): Coroutine<void> {
      t = createTask(function* worker(): Coroutine<number> {
        return yield* stubborn;
      });
      yield* sleep(1);
      t.cancel();
      yield* sleep(10);
      stubborn.setResult(1);
      yield* sleep(0);
    });
    expect(reports.length).toBe(1);
    expect(reports[0]!.at).toBe(4);
    expect(reports[0]!.message).toContain("cancelled 3.000 s ago");
    expect(reports[0]!.waiting_on).toBe("awaiting <Future pending>, whose cancel() did not take");
    expect(reports[0]!.source_traceback).toMatch(/slow-cancel\.test\.ts/);
    // The request landed in the end, at the next step.
    expect(t.cancelled()).toBe(true);
  });

  it("says nothing when the cancellation lands at an @aio await in time (async function)", async () => {
    const { loop, reports } = debugLoop();
    const seen: string[] = [];
    let settle!: () => void;
    await loop.runUntilComplete(async () => {
      const t = createTask(async () => {
        // A foreign promise (settled right after the cancel), then an @aio await.
        await new Promise<void>((resolve) => (settle = resolve));
        try {
          await sleep(10);
        } catch (e) {
          seen.push(`${(e as Error).name} at ${loop.time()}`);
          await sleep(5); // cleanup that takes long is fine: the request did land
          throw e;
        }
      });
      await sleep(1);
      t.cancel();
      settle();
      await expect(t).rejects.toBeInstanceOf(CancelledError);
    });
    expect(seen).toEqual(["CancelledError at 1"]);
    expect(reports).toEqual([]);
  });

  it("says nothing when the cancellation lands in time (generator), even if the task carries on", async () => {
    const { loop, reports } = debugLoop();
    await loop.runUntilComplete(function* (): Coroutine<void> {
      const t = createTask(function* (): Coroutine<string> {
        try {
          yield* sleep(10);
        } catch {
          yield* sleep(5);
        }
        return "caught";
      });
      yield* sleep(1);
      t.cancel();
      expect(yield* t).toBe("caught");
    });
    expect(reports).toEqual([]);
  });

  it("says nothing for a task that finishes, or is uncancelled, before the check", async () => {
    const { loop, reports } = debugLoop();
    let settle!: () => void;
    await loop.runUntilComplete(async () => {
      const quick = createTask(async () => {
        await new Promise<void>((resolve) => (settle = resolve));
      });
      const forgiven = createTask(async () => {
        await new Promise<void>(() => {});
      });
      await sleep(0);
      quick.cancel();
      forgiven.cancel();
      forgiven.uncancel();
      await sleep(0.5);
      settle(); // quick returns: it ends cancelled (the request was pending when it returned)
      await sleep(5);
      expect(quick.cancelled()).toBe(true);
      expect(forgiven.done()).toBe(false);
    });
    expect(reports).toEqual([]);
    loop.setExceptionHandler(() => {});
    loop.close();
  });

  it("is off without debug mode, and with slowCancelDuration set to Infinity", async () => {
    for (const [debug, duration] of [[false, 1], [true, Infinity]] as const) {
      const { loop, reports } = debugLoop(debug);
      loop.slowCancelDuration = duration;
      await loop.runUntilComplete(async () => {
        const t = createTask(async () => {
          await new Promise<void>(() => {});
        });
        await sleep(1);
        t.cancel();
        await sleep(5);
      });
      expect(reports).toEqual([]);
      loop.setExceptionHandler(() => {});
      loop.close();
    }
  });

  it("is printed by the default handler with the task, what it waits on and where it was created", async () => {
    const loop = new TestLoop({ debug: true });
    const printed: string[] = [];
    const error = console.error;
    console.error = (text: unknown) => printed.push(String(text));
    try {
      await loop.runUntilComplete(async () => {
        const t = createTask(async function stuck() {
          await sleep(0);
          await new Promise<void>(() => {});
        });
        await sleep(1);
        t.cancel();
        await sleep(2);
      });
    } finally {
      console.error = error;
    }
    const report = printed.find((p) => p.includes(SLOW))!;
    expect(report.split("\n").slice(0, 1)).toEqual([`Task Task-${/Task-(\d+)/.exec(report)![1]} was cancelled 1.000 s ago and ${SLOW}`]);
    expect(report).toMatch(/^source_traceback: at .*slow-cancel\.test\.ts/m);
    expect(report).toMatch(/^task: <Task cancelling name=Task-\d+ coro=stuck>$/m);
    expect(report).toMatch(/^waiting_on: awaiting something that is not an @aio awaitable/m);
    loop.setExceptionHandler(() => {});
    loop.close();
  });
});

describe("debug mode: slow cancellation check, timing and clean-up", () => {
  it("checks exactly slowCancelDuration after the cancel(), not before (generator task, loop time)", () => {
    const { loop, reports } = debugLoop();
    const stubborn = new Stubborn<number>({ loop });
    const t = loop.createTask(
      function* worker(): Coroutine<number> {
        return yield* stubborn;
      },
      { name: "worker" },
    );
    loop.advance(0.5);
    t.cancel();
    expect(slowCancelWatches.has(t)).toBe(true);
    loop.advance(1 - 2 ** -10);
    expect(reports).toEqual([]);
    loop.advance(2 ** -10);
    expect(reports.map((r) => [r.at, r.message, r.waiting_on])).toEqual([
      [1.5, `Task worker was cancelled 1.000 s ago and ${SLOW}`, "awaiting <Future pending>, whose cancel() did not take"],
    ]);
    expect(slowCancelWatches.has(t)).toBe(false); // the check is done
    stubborn.setResult(1);
    loop.advance(0);
    expect(t.cancelled()).toBe(true);
    loop.close();
  });

  it("with slowCancelDuration 0, reports at the next iteration, at the same loop time (async function)", async () => {
    const { loop, reports } = debugLoop();
    loop.slowCancelDuration = 0;
    const stubborn = new Stubborn<number>({ loop });
    let t!: Task<void>;
    await loop.runUntilComplete(async () => {
      t = createTask(
        async () => {
          await stubborn;
        },
        { name: "zero" },
      );
      await sleep(1);
      t.cancel();
      await sleep(0.5);
    });
    expect(reports.map((r) => [r.at, r.message, r.waiting_on, r.task === t])).toEqual([
      [1, `Task zero was cancelled 0.000 s ago and ${SLOW}`, "awaiting <Future pending>, whose cancel() did not take", true],
    ]);
    loop.setExceptionHandler(() => {});
    loop.close();
  });

  it("is off with a negative, NaN or infinite slowCancelDuration: cancel() watches nothing", () => {
    for (const duration of [-1, NaN, Infinity]) {
      const { loop, reports } = debugLoop();
      loop.slowCancelDuration = duration;
      const t = loop.createTask(function* (): Coroutine<number> {
        return yield* new Stubborn<number>({ loop });
      });
      loop.advance(0);
      expect(t.cancel()).toBe(true);
      expect(slowCancelWatches.has(t)).toBe(false);
      loop.advance(10);
      expect(reports).toEqual([]);
      loop.close();
    }
  });

  it("counts from the first cancel(): a second one while the check is due adds nothing; one after it starts a new check (async function)", async () => {
    const { loop, reports } = debugLoop();
    let t!: Task<void>;
    await loop.runUntilComplete(async () => {
      t = createTask(
        async () => {
          await new Promise<void>(() => {}); // foreign: a cancellation cannot land here
        },
        { name: "twice" },
      );
      await sleep(1);
      t.cancel();
      await sleep(0.5);
      t.cancel();
      await sleep(1);
      expect(slowCancelWatches.has(t)).toBe(false);
      t.cancel(); // at 2.5: a new check
      await sleep(5);
    });
    expect(reports.map((r) => [r.at, r.message, r.waiting_on])).toEqual([
      [2, `Task twice was cancelled 1.000 s ago and ${SLOW}`, FOREIGN],
      [3.5, `Task twice was cancelled 1.000 s ago and ${SLOW}`, FOREIGN],
    ]);
    loop.setExceptionHandler(() => {});
    loop.close();
  });

  it("watches nothing when cancel() comes after the loop closed", () => {
    const { loop, reports } = debugLoop();
    const t = loop.createTask(function* (): Coroutine<number> {
      return yield* new Stubborn<number>({ loop });
    });
    loop.advance(0);
    loop.close();
    expect(t.cancel()).toBe(true);
    expect(slowCancelWatches.has(t)).toBe(false);
    expect(reports).toEqual([]);
  });

  it("says nothing once every request is withdrawn, even though the task still waits on the refusing future (generator)", () => {
    const { loop, reports } = debugLoop();
    const stubborn = new Stubborn<number>({ loop });
    const t = loop.createTask(function* (): Coroutine<number> {
      return yield* stubborn;
    });
    loop.advance(0);
    t.cancel();
    expect(t.uncancel()).toBe(0);
    loop.advance(5);
    expect(reports).toEqual([]);
    expect(slowCancelWatches.has(t)).toBe(false);
    stubborn.setResult(7);
    loop.advance(0);
    expect(t.result()).toBe(7);
    loop.close();
  });

  it("says nothing once every request is withdrawn, even though the task still waits on the refusing future (async function)", async () => {
    const { loop, reports } = debugLoop();
    const stubborn = new Stubborn<number>({ loop });
    await loop.runUntilComplete(async () => {
      const t = createTask(async () => await stubborn);
      await sleep(1);
      t.cancel();
      t.cancel();
      t.uncancel();
      expect(t.uncancel()).toBe(0);
      await sleep(5);
      expect(slowCancelWatches.has(t)).toBe(false);
      stubborn.setResult(7);
      expect(await t).toBe(7);
    });
    expect(reports).toEqual([]);
  });

  it("reports a generator task not resumed since it was cancelled (its future finished without waking it), with every field", () => {
    const { loop, reports } = debugLoop();
    const deaf = new Deaf<number>({ loop });
    const t = loop.createTask(
      function* deafWaiter(): Coroutine<number> {
        return yield* deaf;
      },
      { name: "deaf" },
    );
    loop.advance(0.25);
    t.cancel();
    deaf.setResult(1); // done, but the task is never woken: the request cannot land
    loop.advance(1);
    expect(reports.length).toBe(1);
    const r = reports[0]!;
    expect(r.at).toBe(1.25);
    expect(r.message).toBe(`Task deaf was cancelled 1.000 s ago and ${SLOW}`);
    expect(r.task).toBe(t);
    expect(r.waiting_on).toBe("not resumed since it was cancelled");
    // Created by loop.createTask: the frames of @aio's packages are left out, the caller's first.
    expect(r.source_traceback).toMatch(/^at .*slow-cancel\.test\.ts:\d+:\d+\)?\n {4}at /);
    expect(r.source_traceback).not.toMatch(/packages[\\/](?:loop|task)[\\/]src/);
    // Where it waits: the generator frame at its `yield*` (debug mode records it), as formatCallGraph() shows it.
    expect(r.call_graph).toMatch(
      /^\* Task\(name='deaf', id=0x[0-9a-f]+\)\n {2}\+ Call stack:\n {2}\| {3}File '.*slow-cancel\.test\.ts', line \d+, in generator deafWaiter\(\)$/,
    );
    expect(Object.keys(r).sort()).toEqual(["at", "call_graph", "message", "source_traceback", "task", "waiting_on"]);
    expect(t.done()).toBe(false);
    loop.close();
  });

  it("drops the watch of a task that finishes before the check, in both styles", async () => {
    const { loop, reports } = debugLoop();
    const stubborn = new Stubborn<number>({ loop });
    const gen = loop.createTask(function* (): Coroutine<number> {
      return yield* stubborn;
    });
    let settle!: () => void;
    const fn = loop.createTask(async () => {
      await new Promise<void>((resolve) => (settle = resolve));
    });
    loop.advance(0);
    gen.cancel();
    fn.cancel();
    expect(slowCancelWatches.has(gen) && slowCancelWatches.has(fn)).toBe(true);
    stubborn.setResult(1); // the generator task wakes, and the request lands
    loop.advance(0.5);
    expect(gen.cancelled()).toBe(true);
    expect(slowCancelWatches.has(gen)).toBe(false);
    await loop.runUntilComplete(async () => {
      settle(); // the async function returns: it ends cancelled, the request was pending
      await sleep(0);
      await sleep(0);
      expect(fn.cancelled()).toBe(true);
      expect(slowCancelWatches.has(fn)).toBe(false);
      await sleep(5);
    });
    expect(reports).toEqual([]);
    loop.close();
  });
});

describe("slowCancelReport: where the task was created", () => {
  // This package's own source folder, and a folder next to it whose name starts the same.
  const SRC = fileURLToPath(new URL("../src/", import.meta.url));
  const SIBLING = `${SRC.replace(/[\\/]$/, "")}-extra`;

  let evaluations = 0;
  /**
   * The report, from the module evaluated anew for the calling test: its module-level patterns are
   * built while the test runs (a mutation-testing run switches a mutant on right before each test).
   */
  async function reportWith(stack: string[]): Promise<ExceptionContext> {
    const fresh = (await import(/* @vite-ignore */ `../src/slow-cancel.ts?evaluation=${++evaluations}`)) as {
      creationSite: typeof creationSite;
      slowCancelReport: typeof slowCancelReport;
    };
    const loop = new TestLoop({ debug: true });
    const t = new Task(function* () {}, { loop, name: "crafted" });
    const site = new Error("task created");
    site.stack = ["Error: task created", ...stack].join("\n");
    fresh.creationSite.set(t as Task<unknown>, site);
    const report = fresh.slowCancelReport(t as Task<unknown>, 2.5);
    loop.advance(0); // it ends
    loop.close();
    return report;
  }

  it("leaves out the frames of @aio's packages (a checkout's sources or an installed dist), keeping the caller's", async () => {
    const report = await reportWith([
      "    at new Task (/x/node_modules/@aio/task/dist/task.js:1:1)",
      "    at createTask (C:\\x\\node_modules\\@aio\\task\\dist\\create-task.js:2:2)",
      "    at EventLoop.createTask (/x/packages/loop/dist/event-loop.js:3:3)",
      "    at Object.run (C:\\x\\packages\\run-loop\\src\\run.ts:4:4)",
      "    at main (/app/main.js:5:5)",
      `    at helper (${SIBLING}/helper.js:6:6)`,
      "    at /app/packages/index.js:7:7",
    ]);
    expect(report.message).toBe(`Task crafted was cancelled 2.500 s ago and ${SLOW}`);
    expect(report.waiting_on).toBe("not resumed since it was cancelled");
    expect(report.source_traceback).toBe(
      ["at main (/app/main.js:5:5)", `at helper (${SIBLING}/helper.js:6:6)`, "at /app/packages/index.js:7:7"].join("\n    "),
    );
  });

  it("keeps every frame when all of them are @aio's own", async () => {
    const report = await reportWith([
      "    at new Task (/x/packages/task/src/task.ts:1:1)",
      "    at f (/x/node_modules/@aio/core/dist/x.js:2:2)",
    ]);
    expect(report.source_traceback).toBe("at new Task (/x/packages/task/src/task.ts:1:1)\n    at f (/x/node_modules/@aio/core/dist/x.js:2:2)");
  });
});

describe("slowCancelReport: its own package's frames, wherever the package was copied", () => {
  it("leaves out the frames of every file in its folder, named by path or by file: URL, outside the layouts it knows", async () => {
    // A copy of slow-cancel.ts in a folder that is neither packages/<name>/src nor node_modules/@aio/<name>
    // (its one import is sent back to this package's call graph).
    const src = fileURLToPath(new URL("../src/", import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), "aio slow cancel "));
    try {
      const lib = join(dir, "lib");
      mkdirSync(lib);
      copyFileSync(join(src, "slow-cancel.ts"), join(lib, "slow-cancel.ts"));
      writeFileSync(join(lib, "call-graph.ts"), `export { formatCallGraph } from ${JSON.stringify(pathToFileURL(join(src, "call-graph.ts")).href)};\n`);
      const copy = (await import(pathToFileURL(join(lib, "slow-cancel.ts")).href)) as {
        creationSite: typeof creationSite;
        slowCancelReport: typeof slowCancelReport;
      };
      const loop = new TestLoop({ debug: true });
      const t = new Task(function* () {}, { loop, name: "copied" }) as Task<unknown>;
      const site = new Error("task created");
      site.stack = [
        "Error: task created",
        `    at new Task (${join(lib, "task.js")}:1:1)`,
        `    at createTask (${pathToFileURL(join(lib, "create-task.js")).href}:2:2)`,
        `    at main (${join(dir, "app.js")}:3:3)`,
      ].join("\n");
      copy.creationSite.set(t, site);
      expect(copy.slowCancelReport(t, 1).source_traceback).toBe(`at main (${join(dir, "app.js")}:3:3)`);
      loop.advance(0);
      loop.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
