import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as asyncio from "@aio/asyncio";
import { candidatesByPackage, readApiMd } from "./support/api-md.js";
import { type ExportInfo, PACKAGES_DIR, packagesWithEntry, readExports } from "./support/exports.js";

// The names API.md promises, by the package whose section lists them. Each must be exported by
// that package and by @aio/asyncio. Derived from test/fixtures/API.md (a copy of the contract); the
// "reads every name" test below fails when API.md names something that is not classified here.
const PROMISED: Record<string, readonly string[]> = {
  core: [
    "CancelledError", "InvalidStateError", "TimeoutError", "BrokenExecutorError",
    "getRunningLoop", "getEventLoop", "setEventLoop", "isFuture", "isCoroutine", "isCoroutineFunction",
    "EventLoop", "Handle", "TimerHandle", "FutureLike", "Awaitable", "Coroutine", "Executor",
    "ExceptionContext", "ExceptionHandler",
  ],
  future: ["Future", "wrapPromise"],
  task: ["Task", "createTask", "ensureFuture", "currentTask", "allTasks", "eagerTaskFactory"],
  loop: ["EventLoop", "Handle", "TimerHandle", "run", "Runner", "newEventLoop", "TestLoop"],
  combinators: [
    "sleep", "gather", "wait", "FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED", "waitFor",
    "shield", "asCompleted", "timeout", "timeoutAt", "Timeout", "taskGroup", "TaskGroup",
    "ExceptionGroup", "fromPromise",
  ],
  sync: ["Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier", "BrokenBarrierError"],
  queue: ["Queue", "PriorityQueue", "LifoQueue", "QueueEmpty", "QueueFull", "QueueShutDown"],
  executor: [
    "ConcurrentFuture", "wrapFuture", "ThreadPoolExecutor", "ProcessPoolExecutor", "toThread",
    "BrokenThreadPool", "BrokenProcessPool", "fromModule",
  ],
};

// Backticked words in API.md that are not top-level names: methods, getters, options, parameters,
// JavaScript built-ins and Python names quoted for comparison.
const NOT_NAMES = new Set([
  // Future / Task / ConcurrentFuture members
  "result", "exception", "setResult", "setException", "done", "cancelled", "cancel", "running",
  "addDoneCallback", "removeDoneCallback", "getLoop", "cancelling", "uncancel", "getCoro",
  "getName", "setName", "getStack", "signal",
  // EventLoop / Handle / TimerHandle members
  "callSoon", "callLater", "callAt", "time", "createFuture", "createTask", "setTaskFactory",
  "getTaskFactory", "runUntilComplete", "runForever", "stop", "isRunning", "isClosed", "close",
  "setExceptionHandler", "getExceptionHandler", "callExceptionHandler", "defaultExceptionHandler",
  "setDebug", "getDebug", "slowCallbackDuration", "runInExecutor", "setDefaultExecutor",
  "shutdownDefaultExecutor", "when",
  // Timeout, sync primitives, queues, executors
  "reschedule", "expired", "acquire", "release", "locked", "wait", "set", "clear", "isSet",
  "waitFor", "notify", "notifyAll", "reset", "abort", "parties", "nWaiting", "broken", "put",
  "get", "putNowait", "getNowait", "qsize", "empty", "full", "maxsize", "taskDone", "join",
  "shutdown", "submit", "map",
  // parameters and keywords
  "body", "fn", "await", "async",
  // JavaScript and Python names used for comparison
  "Error", "RuntimeError", "AggregateError", "Set",
]);

// Packages of API.md's "Next packages" list that exist and are re-exported (their names are fixed
// there without a section of their own).
// @aio/executor-web (the browser's executor) and @aio/trace are not in API.md but are re-exported all the same.
const NEXT_PACKAGES: readonly string[] = ["contextvars", "executor-web", "trace"];

// Node-only packages: the umbrella must load in a browser, so it leaves these out (import them from
// their own packages).
const NODE_ONLY: ReadonlySet<string> = new Set(["streams", "subprocess", "executor-bullmq"]);

// @aio/core declares these as interfaces; @aio/asyncio exports @aio/loop's classes of the same names.
const REPLACED_BY_LOOP = new Set(["EventLoop", "Handle", "TimerHandle"]);

const FIXTURE = resolve(import.meta.dirname, "fixtures/API.md");
const SHARED_API_MD = resolve(PACKAGES_DIR, "../../shared/API.md");

let exportsOf: Map<string, Map<string, ExportInfo>>;
const runtime = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  const packages = packagesWithEntry();
  exportsOf = readExports(packages);
  for (const name of packages) runtime.set(name, await import(`@aio/${name}`));
}, 60_000);

function exportsOfPackage(name: string): Map<string, ExportInfo> {
  const found = exportsOf.get(name);
  if (!found) throw new Error(`packages/${name}/src/index.ts does not exist yet`);
  return found;
}

describe("test/fixtures/API.md", () => {
  it("is the same text as the contract in ../shared/API.md (when that folder is beside the repo)", () => {
    if (!existsSync(SHARED_API_MD)) return;
    expect(readFileSync(FIXTURE, "utf8")).toBe(readFileSync(SHARED_API_MD, "utf8"));
  });

  it("names nothing that this test does not classify as a promised name or a member", () => {
    const candidates = candidatesByPackage(readApiMd(FIXTURE));
    expect([...candidates.keys()].sort()).toEqual(Object.keys(PROMISED).map((p) => `@aio/${p}`).sort());
    const everyName = new Set(Object.values(PROMISED).flat());
    const unclassified: string[] = [];
    for (const [pkg, words] of candidates) {
      for (const word of words) {
        if (!everyName.has(word) && !NOT_NAMES.has(word)) unclassified.push(`${pkg}: ${word}`);
      }
    }
    expect(unclassified).toEqual([]);
  });

  it("lists each promised name in the section of the package it is promised by", () => {
    const candidates = candidatesByPackage(readApiMd(FIXTURE));
    const missing: string[] = [];
    for (const [pkg, names] of Object.entries(PROMISED)) {
      const words = candidates.get(`@aio/${pkg}`) ?? new Set();
      for (const name of names) if (!words.has(name)) missing.push(`@aio/${pkg}: ${name}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("every name in API.md", () => {
  for (const [pkg, names] of Object.entries(PROMISED)) {
    it(`is exported by @aio/${pkg} and by @aio/asyncio, as the same export (${names.length} names)`, () => {
      const own = exportsOfPackage(pkg);
      const umbrella = exportsOfPackage("asyncio");
      const ownRuntime = runtime.get(pkg)!;
      const problems: string[] = [];
      for (const name of names) {
        const mine = own.get(name);
        const theirs = umbrella.get(name);
        if (!mine) problems.push(`@aio/${pkg} does not export ${name}`);
        if (!theirs) problems.push(`@aio/asyncio does not export ${name}`);
        if (!mine || !theirs) continue;
        if (pkg === "core" && REPLACED_BY_LOOP.has(name)) {
          if (theirs.target !== exportsOfPackage("loop").get(name)?.target) {
            problems.push(`@aio/asyncio's ${name} is not @aio/loop's class`);
          }
          continue;
        }
        if (theirs.target !== mine.target) problems.push(`@aio/asyncio's ${name} is another declaration`);
        if (mine.isValue) {
          if (!(name in ownRuntime)) problems.push(`@aio/${pkg} has no ${name} at run time`);
          else if ((asyncio as Record<string, unknown>)[name] !== ownRuntime[name]) {
            problems.push(`asyncio.${name} is not the same object as @aio/${pkg}'s`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

describe("@aio/asyncio", () => {
  it("re-exports every public name of every other package (types included)", () => {
    const umbrella = exportsOfPackage("asyncio");
    const missing: string[] = [];
    for (const [pkg, exports] of exportsOf) {
      if (pkg === "asyncio" || NODE_ONLY.has(pkg)) continue;
      for (const [name, info] of exports) {
        if (name.startsWith("_")) continue;
        const expected = pkg === "core" && REPLACED_BY_LOOP.has(name) ? exportsOfPackage("loop").get(name) : info;
        if (umbrella.get(name)?.target !== expected?.target) missing.push(`${name} (from @aio/${pkg})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("exports nothing of its own and no internal (_-prefixed) name", () => {
    const owned = new Set<unknown>();
    for (const [pkg, exports] of exportsOf) {
      if (pkg !== "asyncio") for (const info of exports.values()) owned.add(info.target);
    }
    const strays = [...exportsOfPackage("asyncio").values()]
      .filter((info) => info.name.startsWith("_") || !owned.has(info.target))
      .map((info) => info.name);
    expect(strays).toEqual([]);
    expect(Object.keys(asyncio).filter((name) => name.startsWith("_"))).toEqual([]);
  });

  it("reads like Python: a generator program runs on TestLoop through the namespace alone", async () => {
    const log: string[] = [];
    function* child(name: string, delay: number): asyncio.Coroutine<string> {
      yield* asyncio.sleep(delay);
      log.push(`${name} at ${asyncio.getRunningLoop().time()}`);
      return name;
    }
    function* main(): asyncio.Coroutine<string[]> {
      const a = asyncio.createTask(child("a", 2));
      const b = asyncio.createTask(child("b", 1));
      return [yield* a, yield* b];
    }
    const loop = new asyncio.TestLoop();
    expect(await loop.runUntilComplete(main)).toEqual(["a", "b"]);
    expect(log).toEqual(["b at 1", "a at 2"]);
    loop.close();
  });
});

describe("the package manifest", () => {
  it("depends on every other published package, so installing it installs them all", () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGES_DIR, "asyncio/package.json"), "utf8"));
    const deps = Object.keys(manifest.dependencies ?? {}).sort();
    const others = [...Object.keys(PROMISED), ...NEXT_PACKAGES].map((p) => `@aio/${p}`).sort();
    expect(deps).toEqual(others);
  });

  it("leaves the Node-only packages out, so that it loads in a browser", () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGES_DIR, "asyncio/package.json"), "utf8"));
    const deps = Object.keys(manifest.dependencies ?? {});
    for (const pkg of NODE_ONLY) {
      expect(existsSync(join(PACKAGES_DIR, pkg, "package.json")), `${pkg} exists`).toBe(true);
      expect(deps).not.toContain(`@aio/${pkg}`);
    }
  });
});
