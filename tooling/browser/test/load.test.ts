// The browser load check: every package a page may use bundles for the browser from its built
// dist/ with no Node built-in and no polyfill, loads in Chromium without touching a Node global,
// and (the loop, the umbrella) runs a program with run() on the page's own host.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { launchChromium } from "../src/chromium.ts";
import { LOAD_TARGETS, checkLoads } from "../src/load-check.ts";

const chromium = await launchChromium();
afterAll(() => chromium.close());

const reports = await checkLoads(LOAD_TARGETS, chromium);
const fixture = (name: string): string => `./${join("test/fixtures", name)}`;
const [importsNode, touchesProcess, guarded] = await checkLoads(
  [{ specifier: fixture("imports-node.ts") }, { specifier: fixture("touches-process.ts") }, { specifier: fixture("guarded.ts") }],
  chromium,
);

describe("every browser package", () => {
  for (const report of reports) {
    it(`${report.specifier} bundles for the browser and loads in Chromium without Node`, () => {
      expect(report.error ?? "").toBe("");
      expect(report.ok).toBe(true);
      expect(report.touched).toEqual([]);
      expect(report.inputs.filter((f) => f.startsWith("node:"))).toEqual([]);
    });
  }

  it("@aio/loop and @aio/asyncio run a program with run() on the page, on MessageChannelHost chosen by themselves", () => {
    for (const specifier of ["@aio/loop", "@aio/asyncio"]) {
      const report = reports.find((r) => r.specifier === specifier)!;
      expect(report.program).toEqual({ result: { slept: true }, host: "MessageChannelHost" });
    }
  });

  it("the umbrella's browser build has the Web Worker executor and leaves out the Node pools", () => {
    const names = reports.find((r) => r.specifier === "@aio/asyncio")!.exports;
    expect(names).toEqual(expect.arrayContaining(["WebWorkerExecutor", "BrokenWebWorkerPool", "ConcurrentFuture", "wrapFuture", "fromModule", "jobSignal", "run", "gather"]));
    for (const nodeOnly of ["ThreadPoolExecutor", "ProcessPoolExecutor", "PoolExecutor", "toThread"]) expect(names).not.toContain(nodeOnly);
  });

  it("the task package takes its browser file (no AsyncLocalStorage) and the loop no node:perf_hooks", () => {
    const task = reports.find((r) => r.specifier === "@aio/task")!;
    expect(task.inputs.some((f) => f.endsWith("task/dist/async-context.browser.js"))).toBe(true);
    expect(task.inputs.some((f) => f.endsWith("task/dist/async-context.js"))).toBe(false);
  });
});

describe("the check itself", () => {
  it("fails a module that imports a Node built-in, naming the importer", () => {
    expect(importsNode?.ok).toBe(false);
    expect(importsNode?.error).toMatch(/^bundle failed: .*Node built-in "node:fs" imported by tooling\/browser\/test\/fixtures\/imports-node\.ts/s);
  });

  it("fails a module that reaches a Node global while it loads", () => {
    expect(touchesProcess?.ok).toBe(false);
    expect(touchesProcess?.touched).toEqual(["process"]);
  });

  it("passes a module that only looks for Node globals when called", () => {
    expect(guarded?.ok).toBe(true);
  });
});

