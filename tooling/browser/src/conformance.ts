// The test files of loop, task and combinators that need nothing of Node: run as they are, in
// Chromium, by test/conformance.test.ts. Between them they drive both coroutine styles (generator
// functions with `yield*`, async functions with `await`). Left out, with the reason:
// - loop/test/runner.test.ts (spawns Node processes for Ctrl-C), host.test.ts (NodeHost and
//   process warnings), default-executor*.test.ts (the Node thread pool, vi.mock);
// - task/test/reports.test.ts (node:v8 and node:vm to force garbage collection), promise-like.test.ts
//   (Node's process "unhandledRejection" event).
import { join } from "node:path";
import { PACKAGES_DIR, TOOL_DIR } from "./paths.js";

/** A test file to run on a page, and the tests in it that cannot run there (full name → why). */
export interface ConformanceFile {
  file: string;
  skip?: Readonly<Record<string, string>>;
}

const NO_ASYNC_CONTEXT =
  "needs async context tracking (Node's AsyncLocalStorage), which browsers do not have yet: see the Browsers section of packages/task/README.md";

const NO_MODULE_MOCKS = "replaces the @aio/executor module (vi.doMock), which the page's test harness cannot do";

const loop = (name: string, skip?: Record<string, string>): ConformanceFile => ({ file: join(PACKAGES_DIR, "loop/test", name), ...(skip ? { skip } : {}) });
const task = (name: string, skip?: Record<string, string>): ConformanceFile => ({ file: join(PACKAGES_DIR, "task/test", name), ...(skip ? { skip } : {}) });
const combinators = (name: string): ConformanceFile => ({ file: join(PACKAGES_DIR, "combinators/test", name) });

export const CONFORMANCE: readonly ConformanceFile[] = [
  loop("clock.test.ts"),
  loop("event-loop.test.ts"),
  loop("event-loop-running.test.ts"),
  loop("exception-report.test.ts"),
  loop("executor-bridge.test.ts", {
    "loading the default executor from @aio/executor > explains how to get one when @aio/executor cannot be imported": NO_MODULE_MOCKS,
    "loading the default executor from @aio/executor > says so when @aio/executor has no ThreadPoolExecutor": NO_MODULE_MOCKS,
    "loading the default executor from @aio/executor > makes a ThreadPoolExecutor when it can": NO_MODULE_MOCKS,
  }),
  loop("ready-queue.test.ts"),
  loop("timer-heap.test.ts"),
  loop("test-loop.test.ts"),
  loop("readme.test.ts"),
  loop("bad-input.test.ts", {
    "@aio/loop: accepted input keeps working > nodeHost.request(tick, -1) ticks as soon as possible":
      "NodeHost is the Node host (setImmediate); a page uses MessageChannelHost",
  }),
  task("async-functions.test.ts"),
  task("async-steps.test.ts", {
    "awaiting foreign promises > several tasks suspended on foreign promises at once each still know who they are": NO_ASYNC_CONTEXT,
    "currentTask() from code that runs outside the loop's steps > code outside any task that runs while the loop waits for a task's step is not taken for that task":
      NO_ASYNC_CONTEXT,
    "currentTask() from code that runs outside the loop's steps > tasks started before context tracking: the first foreign await switches it on, and later tasks are found through it":
      NO_ASYNC_CONTEXT,
  }),
  task("bad-input.test.ts"),
  task("cancel.test.ts"),
  task("generator-coroutines.test.ts"),
  task("introspection.test.ts"),
  task("task-creation.test.ts"),
  combinators("as-completed.test.ts"),
  combinators("bad-input.test.ts"),
  combinators("exception-group.test.ts"),
  combinators("from-promise.test.ts"),
  combinators("gather.test.ts"),
  combinators("operation.test.ts"),
  combinators("shield.test.ts"),
  combinators("sleep.test.ts"),
  combinators("task-group.test.ts"),
  combinators("timeout.test.ts"),
  combinators("wait-for.test.ts"),
  combinators("wait.test.ts"),
  // Written for the page: MessageChannelHost and the default host in a real browser.
  { file: join(TOOL_DIR, "test/page/host.browser.ts") },
];
