// The conformance tests of loop, task and combinators, run unchanged in headless Chromium (see
// src/conformance.ts for the list and what is left out): each file is bundled from the sources with
// the page harness and run on a fresh page; every test on the page becomes one test here.
import { afterAll, describe, it } from "vitest";
import { CONFORMANCE } from "../src/conformance.ts";
import { openSession, runFile, type FileRun } from "../src/page-tests.ts";

const session = await openSession();
afterAll(() => session.close());

const runs: FileRun[] = [];
for (const { file, skip } of CONFORMANCE) runs.push(await runFile(session, file, { skip: skip ?? {} }));

for (const run of runs) {
  describe(run.file, () => {
    if (run.results.length === 0) it("ran tests on the page", () => Promise.reject(new Error(`no test ran on the page\n${run.errors.join("\n")}`)));
    for (const result of run.results) {
      if (result.state === "skip") it.skip(`${result.name}${result.error ? ` (in a browser: ${result.error})` : ""}`, () => {});
      else it(result.name, () => (result.state === "pass" ? undefined : Promise.reject(new Error(result.error))));
    }
  });
}
