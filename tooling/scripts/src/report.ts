// Sums what the root `pnpm test` ran into one closing line, `tests: N passed, M failed`.
//
// N and M come from the vitest JSON reports; every other thing that went wrong (a DAG violation,
// a failed build, typecheck or api:check task, a test file that could not load, a vitest run that
// crashed or left no report, a failed bench:check) adds one to M and is named in the summary, so a
// red run can never close with "0 failed". Each failed test is named in the summary too, with the
// first line of its error and where in the test file it failed:
//
//   FAIL @aio/queue: test/queue.test.ts > Queue > get() > wakes the oldest getter first
//        AssertionError: expected 'second' to be 'first' // Object.is equality (test/queue.test.ts:12:24)

/** A failed test, as the summary names it. */
export interface FailedTest {
  /** The test file, relative to the package. */
  file: string;
  /** The describe blocks, then the test's own name. */
  titles: string[];
  /** The first line of the first error (an assertion's message, `TypeError: …`). */
  message: string;
  /** `file:line:column` in the test file where it failed, when the stack trace says. */
  at: string | null;
}

/** What one vitest JSON report says. */
export interface VitestCounts {
  passed: number;
  failed: number;
  /** Test files that failed as a whole without a failed test (import error, failing hook), with why. */
  brokenFiles: string[];
  /** Every failed test, in report order. */
  failedTests: FailedTest[];
}

/** At most this many failed tests are listed per package; the rest are counted. */
export const LISTED_PER_PACKAGE = 25;

/** One task of a turbo run summary (`turbo run --summarize`). */
export interface TurboTask {
  /** `@aio/sync#test` */
  taskId: string;
  /** `@aio/sync` */
  package: string;
  /** `test` */
  task: string;
  /** The exit code, or null when the task did not run to an exit. */
  exitCode: number | null;
}

/** Something that failed outside the vitest counts; each one adds 1 to the failed total. */
export interface Failure {
  name: string;
  reason: string;
}

/** A package whose tests were run: its report (null when there is none) and its turbo test task. */
export interface TestOutcome {
  /** Package name, e.g. `@aio/sync`. */
  name: string;
  report: VitestCounts | null;
  task: TurboTask | undefined;
}

/** The totals of a whole run. */
export interface Tally {
  passed: number;
  failed: number;
  /** One line per failure and per package with failed tests, for the summary. */
  summary: string[];
}

const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);

/** First line of a message, cut to a readable length. */
export function oneLine(text: string, max = 160): string {
  const first = text.trim().split("\n")[0] ?? "";
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/**
 * Reads a parsed vitest JSON report. `baseDir` shortens the test file paths it names.
 * @throws Error when `json` does not look like a vitest report.
 */
export function readVitestReport(json: unknown, baseDir = ""): VitestCounts {
  if (typeof json !== "object" || json === null || !("numTotalTests" in json)) {
    throw new Error("not a vitest JSON report (no numTotalTests)");
  }
  const report = json as {
    numPassedTests?: unknown;
    numFailedTests?: unknown;
    testResults?: {
      name?: string;
      status?: string;
      message?: string;
      assertionResults?: { status?: string; ancestorTitles?: unknown; title?: unknown; failureMessages?: unknown }[];
    }[];
  };
  const brokenFiles: string[] = [];
  const failedTests: FailedTest[] = [];
  for (const file of report.testResults ?? []) {
    const name = String(file.name ?? "?");
    const shown = baseDir && name.startsWith(`${baseDir}/`) ? name.slice(baseDir.length + 1) : name;
    const failed = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    if (file.status === "failed" && failed.length === 0) {
      brokenFiles.push(`${shown}: ${oneLine(file.message || "failed outside any test")}`);
    }
    for (const test of failed) {
      const ancestors = Array.isArray(test.ancestorTitles) ? test.ancestorTitles.map(String) : [];
      const messages = Array.isArray(test.failureMessages) ? test.failureMessages.map(String) : [];
      const first = messages[0] ?? "";
      failedTests.push({
        file: shown,
        titles: [...ancestors, String(test.title ?? "?")],
        message: explain(oneLine(first, 300)) || "(no error message)",
        at: failureSite(first, name, shown),
      });
    }
  }
  return { passed: num(report.numPassedTests), failed: num(report.numFailedTests), brokenFiles, failedTests };
}

// vitest 4 reports a test or hook that timed out with the stack of a placeholder error made when
// the test was declared, whose message it forgets to replace: "Error: STACK_TRACE_ERROR".
const VITEST_TIMEOUT = "Error: STACK_TRACE_ERROR";

/** A failure message as the summary shows it (vitest's timeout placeholder in words). */
function explain(message: string): string {
  return message === VITEST_TIMEOUT ? "timed out: the test or one of its hooks ran past its timeout (vitest: STACK_TRACE_ERROR)" : message;
}

/** `test/x.test.ts:12:5`: the first frame of a stack trace in the test file itself, or null. */
export function failureSite(stack: string, absoluteFile: string, shownFile: string): string | null {
  for (const line of stack.split("\n").slice(1)) {
    const at = line.indexOf(absoluteFile);
    if (at < 0) continue;
    const position = /^:(\d+):(\d+)/.exec(line.slice(at + absoluteFile.length));
    if (position) return `${shownFile}:${position[1]}:${position[2]}`;
  }
  return null;
}

/** The summary lines of one failed test: what failed, then why and where. */
export function describeFailedTest(pkg: string, test: FailedTest): string[] {
  const where = test.at ? ` (${test.at})` : "";
  return [`FAIL ${pkg}: ${[test.file, ...test.titles].join(" > ")}`, `     ${test.message}${where}`];
}

/** The tasks of a parsed turbo run summary. */
export function readTurboSummary(json: unknown): TurboTask[] {
  const tasks = (json as { tasks?: unknown } | null)?.tasks;
  if (!Array.isArray(tasks)) throw new Error("not a turbo run summary (no tasks)");
  return tasks.map((t: { taskId?: string; package?: string; task?: string; execution?: { exitCode?: unknown } }) => {
    const code = t.execution?.exitCode;
    return {
      taskId: String(t.taskId ?? `${t.package}#${t.task}`),
      package: String(t.package ?? ""),
      task: String(t.task ?? ""),
      exitCode: typeof code === "number" ? code : null,
    };
  });
}

/** Failures of the non-test tasks of a turbo run (build, typecheck, api:check, ...). */
export function taskFailures(tasks: readonly TurboTask[]): Failure[] {
  return tasks
    .filter((t) => t.task !== "test" && t.exitCode !== 0)
    .map((t) => ({ name: t.taskId, reason: t.exitCode === null ? "did not run" : `exited ${t.exitCode}` }));
}

/** What a package's test run adds to the failed total beyond its failed tests. */
export function testFailures({ name, report, task }: TestOutcome): Failure[] {
  const code = task?.exitCode;
  if (report === null) {
    if (task === undefined || code === null) return [{ name, reason: "tests did not run" }];
    return [{ name, reason: code === 0 ? "vitest wrote no .vitest/results.json" : `vitest exited ${code} without a report` }];
  }
  const out = report.brokenFiles.map((file) => ({ name, reason: file }));
  if (out.length === 0 && report.failed === 0 && code !== undefined && code !== 0) {
    out.push({
      name,
      reason: code === null ? "tests did not finish" : `vitest exited ${code} though no test failed (unhandled error?)`,
    });
  }
  return out;
}

/** Adds up the test outcomes and the other failures. */
export function tally(outcomes: readonly TestOutcome[], stepFailures: readonly Failure[]): Tally {
  const failures = [...stepFailures, ...outcomes.flatMap(testFailures)];
  let passed = 0;
  let failedTests = 0;
  const summary = failures.map((f) => `FAIL ${f.name}: ${f.reason}`);
  for (const { name, report } of outcomes) {
    if (report === null) continue;
    passed += report.passed;
    failedTests += report.failed;
    const listed = report.failedTests.slice(0, LISTED_PER_PACKAGE);
    for (const test of listed) summary.push(...describeFailedTest(name, test));
    const rest = report.failed - listed.length;
    if (rest > 0) {
      const more = listed.length > 0 ? `and ${rest} more test(s) failed` : `${rest} test(s) failed`;
      summary.push(`FAIL ${name}: ${more} (see the vitest output above)`);
    }
  }
  return { passed, failed: failedTests + failures.length, summary };
}

/** The closing line of `pnpm test`. */
export function finalLine({ passed, failed }: { passed: number; failed: number }): string {
  return `tests: ${passed} passed, ${failed} failed`;
}
