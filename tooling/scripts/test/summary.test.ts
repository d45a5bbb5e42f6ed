// The summary of a red `pnpm test` names each failed test and its first error line. Shown on a real
// vitest run of test/fixtures/red (tests that fail on purpose, and a file that cannot load), whose
// JSON report goes through the same code as every package's report in test-all.ts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type VitestCounts, finalLine, readVitestReport, tally } from "../src/report.js";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "red");
const scratch = mkdtempSync(join(tmpdir(), "aio-summary-"));
let report: VitestCounts;
let exitCode: number | null;

beforeAll(() => {
  const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
  // A run of its own, not a nested one: none of this run's vitest variables.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|TEST$)/.test(k)));
  const output = join(scratch, "results.json");
  const run = spawnSync(process.execPath, [vitest, "run", "--outputFile", output], { cwd: FIXTURE, env, encoding: "utf8", timeout: 60_000 });
  if (run.error) throw run.error;
  exitCode = run.status;
  report = readVitestReport(JSON.parse(readFileSync(output, "utf8")), FIXTURE);
}, 90_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the summary of a run with failed tests", () => {
  it("comes from a vitest run that failed", () => {
    expect(exitCode).toBe(1);
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(3);
  });

  it("names each failed test (file > describe > test) with its first error line and where it failed", () => {
    const result = tally([{ name: "@aio/fixture", report, task: { taskId: "@aio/fixture#test", package: "@aio/fixture", task: "test", exitCode: 1 } }], []);
    expect(result.summary).toEqual([
      "FAIL @aio/fixture: broken.fixture.ts: Cannot find module './no-such-module.js' imported from " + join(FIXTURE, "broken.fixture.ts"),
      "FAIL @aio/fixture: red.fixture.ts > Queue > get() > wakes the oldest getter first",
      "     AssertionError: expected 'second' to be 'first' // Object.is equality (red.fixture.ts:12:24)",
      "FAIL @aio/fixture: red.fixture.ts > closes with shutdown()",
      "     TypeError: shutdown is not a function (red.fixture.ts:18:9)",
      "FAIL @aio/fixture: red.fixture.ts > never settles",
      "     timed out: the test or one of its hooks ran past its timeout (vitest: STACK_TRACE_ERROR) (red.fixture.ts:21:1)",
    ]);
    expect(finalLine(result)).toBe("tests: 1 passed, 4 failed");
  });
});
