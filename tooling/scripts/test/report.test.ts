import { describe, expect, it } from "vitest";
import {
  type FailedTest,
  type TurboTask,
  type VitestCounts,
  LISTED_PER_PACKAGE,
  finalLine,
  oneLine,
  readTurboSummary,
  readVitestReport,
  taskFailures,
  tally,
  testFailures,
} from "../src/report.js";

/** A vitest JSON report as the json reporter writes it (only the fields the summer reads). */
function vitestJson(files: { name: string; status: string; message?: string; tests: string[] }[]) {
  const tests = files.flatMap((f) => f.tests);
  return {
    numTotalTests: tests.length,
    numPassedTests: tests.filter((t) => t === "passed").length,
    numFailedTests: tests.filter((t) => t === "failed").length,
    numPendingTests: tests.filter((t) => t === "skipped").length,
    success: files.every((f) => f.status === "passed"),
    testResults: files.map((f) => ({
      name: f.name,
      status: f.status,
      message: f.message ?? "",
      assertionResults: f.tests.map((status) => ({ status })),
    })),
  };
}

const task = (pkg: string, name: string, exitCode: number | null): TurboTask => ({
  taskId: `${pkg}#${name}`,
  package: pkg,
  task: name,
  exitCode,
});

const counts = (passed: number, failed: number, brokenFiles: string[] = [], failedTests: FailedTest[] = []): VitestCounts => ({
  passed,
  failed,
  brokenFiles,
  failedTests,
});

describe("readVitestReport()", () => {
  it("reads passed and failed counts, leaving skipped tests out of both", () => {
    const json = vitestJson([{ name: "/r/p/test/a.test.ts", status: "failed", tests: ["passed", "failed", "skipped"] }]);
    expect(readVitestReport(json, "/r/p")).toMatchObject({ passed: 1, failed: 1, brokenFiles: [] });
  });

  it("names a test file that failed without a failed test, relative to the package", () => {
    const json = vitestJson([
      { name: "/r/p/test/ok.test.ts", status: "passed", tests: ["passed"] },
      { name: "/r/p/test/broken.test.ts", status: "failed", message: "Cannot find module './x.js'\n  at ...", tests: [] },
    ]);
    expect(readVitestReport(json, "/r/p")).toEqual(counts(1, 0, ["test/broken.test.ts: Cannot find module './x.js'"]));
  });

  it("rejects a file that is not a vitest report", () => {
    expect(() => readVitestReport({ hello: 1 })).toThrow(/not a vitest JSON report/);
  });
});

describe("readTurboSummary()", () => {
  it("reads each task's exit code, null when the task has none", () => {
    const json = {
      tasks: [
        { taskId: "@aio/core#build", package: "@aio/core", task: "build", execution: { exitCode: 0 } },
        { taskId: "@aio/sync#typecheck", package: "@aio/sync", task: "typecheck", execution: { exitCode: 2, error: "x" } },
        { taskId: "@aio/queue#test", package: "@aio/queue", task: "test" },
      ],
    };
    expect(readTurboSummary(json)).toEqual([
      task("@aio/core", "build", 0),
      task("@aio/sync", "typecheck", 2),
      task("@aio/queue", "test", null),
    ]);
  });

  it("rejects a file without tasks", () => {
    expect(() => readTurboSummary({})).toThrow(/not a turbo run summary/);
  });
});

describe("taskFailures()", () => {
  it("counts each failed non-test task and leaves test tasks to the reports", () => {
    const tasks = [
      task("@aio/core", "build", 0),
      task("@aio/sync", "typecheck", 2),
      task("@aio/loop", "api:check", 1),
      task("@aio/loop", "build", null),
      task("@aio/sync", "test", 1),
    ];
    expect(taskFailures(tasks)).toEqual([
      { name: "@aio/sync#typecheck", reason: "exited 2" },
      { name: "@aio/loop#api:check", reason: "exited 1" },
      { name: "@aio/loop#build", reason: "did not run" },
    ]);
  });
});

describe("testFailures()", () => {
  it("adds nothing for a clean run, nor for failed tests the report already counts", () => {
    expect(testFailures({ name: "@aio/a", report: counts(3, 0), task: task("@aio/a", "test", 0) })).toEqual([]);
    expect(testFailures({ name: "@aio/a", report: counts(3, 2), task: task("@aio/a", "test", 1) })).toEqual([]);
  });

  it("counts a vitest run that crashed before writing a report", () => {
    expect(testFailures({ name: "@aio/a", report: null, task: task("@aio/a", "test", 1) })).toEqual([
      { name: "@aio/a", reason: "vitest exited 1 without a report" },
    ]);
  });

  it("counts a test task that never ran, or that left no report while exiting 0", () => {
    expect(testFailures({ name: "@aio/a", report: null, task: undefined })).toEqual([
      { name: "@aio/a", reason: "tests did not run" },
    ]);
    expect(testFailures({ name: "@aio/a", report: null, task: task("@aio/a", "test", 0) })).toEqual([
      { name: "@aio/a", reason: "vitest wrote no .vitest/results.json" },
    ]);
  });

  it("counts an exit code the report cannot explain, such as an unhandled error", () => {
    expect(testFailures({ name: "@aio/a", report: counts(4, 0), task: task("@aio/a", "test", 1) })).toEqual([
      { name: "@aio/a", reason: "vitest exited 1 though no test failed (unhandled error?)" },
    ]);
  });

  it("counts each test file that failed to load", () => {
    const report = counts(1, 0, ["test/x.test.ts: boom", "test/y.test.ts: bang"]);
    expect(testFailures({ name: "@aio/a", report, task: task("@aio/a", "test", 1) })).toEqual([
      { name: "@aio/a", reason: "test/x.test.ts: boom" },
      { name: "@aio/a", reason: "test/y.test.ts: bang" },
    ]);
  });
});

describe("tally()", () => {
  it("sums the reports of a green run", () => {
    const result = tally(
      [
        { name: "@aio/a", report: counts(3, 0), task: task("@aio/a", "test", 0) },
        { name: "@aio/b", report: counts(0, 0), task: task("@aio/b", "test", 0) },
      ],
      [],
    );
    expect(result).toEqual({ passed: 3, failed: 0, summary: [] });
    expect(finalLine(result)).toBe("tests: 3 passed, 0 failed");
  });

  it("never closes a run with failed steps on 0 failed, even when every test passed", () => {
    const result = tally(
      [
        { name: "@aio/a", report: counts(5, 0), task: task("@aio/a", "test", 0) },
        { name: "@aio/b", report: null, task: task("@aio/b", "test", 1) },
      ],
      [
        { name: "dag", reason: "2 violation(s)" },
        { name: "@aio/a#typecheck", reason: "exited 2" },
      ],
    );
    expect(result.passed).toBe(5);
    expect(result.failed).toBe(3);
    expect(result.summary).toEqual([
      "FAIL dag: 2 violation(s)",
      "FAIL @aio/a#typecheck: exited 2",
      "FAIL @aio/b: vitest exited 1 without a report",
    ]);
  });

  it("adds failed tests to the failures and names the packages that have them", () => {
    const result = tally(
      [{ name: "@aio/a", report: counts(2, 3), task: task("@aio/a", "test", 1) }],
      [{ name: "bench:check", reason: "exited 1" }],
    );
    expect(finalLine(result)).toBe("tests: 2 passed, 4 failed");
    expect(result.summary).toEqual(["FAIL bench:check: exited 1", "FAIL @aio/a: 3 test(s) failed (see the vitest output above)"]);
  });

  it("names each failed test with its error, and counts the ones past the listing limit", () => {
    const failed = (i: number): FailedTest => ({ file: "test/q.test.ts", titles: ["Queue", `case ${i}`], message: "AssertionError: no", at: null });
    const many = Array.from({ length: LISTED_PER_PACKAGE + 2 }, (_, i) => failed(i));
    const result = tally([{ name: "@aio/q", report: counts(0, many.length, [], many), task: task("@aio/q", "test", 1) }], []);
    expect(result.failed).toBe(LISTED_PER_PACKAGE + 2);
    expect(result.summary.slice(0, 2)).toEqual(["FAIL @aio/q: test/q.test.ts > Queue > case 0", "     AssertionError: no"]);
    expect(result.summary).toHaveLength(LISTED_PER_PACKAGE * 2 + 1);
    expect(result.summary.at(-1)).toBe("FAIL @aio/q: and 2 more test(s) failed (see the vitest output above)");
  });
});

describe("oneLine()", () => {
  it("keeps the first line and cuts it to the limit", () => {
    expect(oneLine("  first\nsecond")).toBe("first");
    expect(oneLine("abcdef", 4)).toBe("abc…");
  });
});
