// WebWorkerExecutor's tests, run in headless Chromium with real Web Workers: the test file is
// packages/executor-web/test/web-worker-executor.browser.ts; its module jobs (fixtures/jobs.ts) and
// a worker script for the workerUrl option (fixtures/worker-script.ts) are bundled from the sources
// and served beside the page.
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { bundleModule, openSession, runFile } from "../src/page-tests.ts";
import { PACKAGES_DIR } from "../src/paths.ts";

const dir = join(PACKAGES_DIR, "executor-web");
const session = await openSession();
afterAll(() => session.close());

const run = await runFile(session, join(dir, "test/web-worker-executor.browser.ts"), {
  assets: {
    "/jobs.js": await bundleModule(join(dir, "test/fixtures/jobs.ts")),
    "/executor-web/worker.js": await bundleModule(join(dir, "test/fixtures/worker-script.ts")),
  },
});

describe(run.file, () => {
  if (run.results.length === 0) it("ran tests on the page", () => Promise.reject(new Error(`no test ran\n${run.errors.join("\n")}`)));
  for (const result of run.results) {
    if (result.state === "skip") it.skip(result.name, () => {});
    else it(result.name, () => (result.state === "pass" ? undefined : Promise.reject(new Error(result.error))));
  }
});
