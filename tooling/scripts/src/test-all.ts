// The root `pnpm test`: every check the repository has, in order, then one closing line.
//   0. the system packages some tests need (system-deps.ts: installed when root with apt-get,
//      else named; silent when all are there)
//   1. the DAG check (check-dag.ts)
//   2. turbo run build
//   3. turbo run typecheck api:check test --continue
//   4. pnpm --filter @aio/bench run bench:check, when tooling/bench has that script
//   5. pnpm docs:check and pnpm check:release, when the root package.json has them
// Output streams as it comes. The last line is `tests: N passed, M failed` (see report.ts for how
// M also counts every failed step), and the exit code is 1 when M > 0.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, checkRepo, formatReport } from "./check-dag.js";
import {
  type Failure,
  type TestOutcome,
  type TurboTask,
  type VitestCounts,
  finalLine,
  oneLine,
  readTurboSummary,
  readVitestReport,
  taskFailures,
  tally,
} from "./report.js";
import { ensureSystemPackages } from "./system-deps.js";
import { TURBO_BIN, turboEnv } from "./turbo.js";

const REPORT = join(".vitest", "results.json");
const RUNS = join(REPO_ROOT, ".turbo", "runs");

interface Workspace {
  dir: string;
  name: string;
  scripts: Record<string, string>;
}

/** Every package of packages/ and tooling/ (folders with a package.json). */
function workspaces(): Workspace[] {
  return ["packages", "tooling"].flatMap((group) => {
    const base = join(REPO_ROOT, group);
    if (!existsSync(base)) return [];
    return readdirSync(base)
      .sort()
      .map((entry) => join(base, entry))
      .filter((dir) => existsSync(join(dir, "package.json")))
      .map((dir) => {
        const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        return { dir, name: String(manifest.name), scripts: manifest.scripts ?? {} };
      });
  });
}

function banner(title: string): void {
  console.log(`\n==== ${title}`);
}

/** Runs a command with inherited output; returns its exit code (1 when it could not start). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: "inherit", env });
  if (result.error) console.error(`${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function runFiles(): Set<string> {
  return new Set(existsSync(RUNS) ? readdirSync(RUNS).filter((f) => f.endsWith(".json")) : []);
}

/** Runs turbo with a run summary and returns its tasks, plus a failure when turbo itself failed. */
function turbo(args: string[]): { tasks: TurboTask[]; failures: Failure[] } {
  const label = `turbo run ${args.join(" ")}`;
  banner(label);
  const before = runFiles();
  const code = run(TURBO_BIN, ["run", ...args, "--summarize"], turboEnv());
  const fresh = [...runFiles()]
    .filter((f) => !before.has(f))
    .map((f) => join(RUNS, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  let tasks: TurboTask[] = [];
  const newest = fresh.at(-1);
  try {
    if (newest) tasks = readTurboSummary(JSON.parse(readFileSync(newest, "utf8")));
  } catch (error) {
    console.error(`${label}: unreadable run summary ${newest}: ${String(error)}`);
  }
  // A red turbo run with no failed task to show for it (bad config, crash) is a failure of its own.
  const anyTaskFailed = tasks.some((t) => t.exitCode !== 0);
  const failures = code !== 0 && !anyTaskFailed ? [{ name: label, reason: `exited ${code}` }] : [];
  return { tasks, failures };
}

function dagStep(): Failure[] {
  banner("check-dag");
  try {
    const report = checkRepo(REPO_ROOT);
    for (const line of formatReport(report)) console.log(line);
    const count = report.violations.length;
    return count === 0 ? [] : [{ name: "dag", reason: `${count} violation(s), see check-dag above` }];
  } catch (error) {
    console.error(error);
    return [{ name: "dag", reason: `check crashed: ${oneLine(String(error))}` }];
  }
}

/** A root package.json script run as a check (docs in sync, release readiness); skipped if absent. */
function rootScriptStep(script: string, args: string[] = []): Failure[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.[script]) return [];
  banner(script);
  const code = run("pnpm", ["--silent", "run", script, ...args]);
  return code === 0 ? [] : [{ name: script, reason: `exited ${code}` }];
}

function benchStep(all: readonly Workspace[]): Failure[] {
  const bench = all.find((w) => w.name === "@aio/bench");
  if (!bench?.scripts["bench:check"]) return [];
  banner("bench:check");
  const code = run("pnpm", ["--filter", "@aio/bench", "run", "bench:check"]);
  return code === 0 ? [] : [{ name: "bench:check", reason: `exited ${code}` }];
}

/** The test report (or its absence) and turbo test task of every workspace that has a test script. */
function outcomes(all: readonly Workspace[], tasks: readonly TurboTask[]): TestOutcome[] {
  return all
    .filter((w) => w.scripts["test"])
    .map((w) => ({
      name: w.name,
      report: readReport(w.dir),
      task: tasks.find((t) => t.package === w.name && t.task === "test"),
    }));
}

function readReport(dir: string): VitestCounts | null {
  const file = join(dir, REPORT);
  if (!existsSync(file)) return null;
  try {
    return readVitestReport(JSON.parse(readFileSync(file, "utf8")), dir);
  } catch (error) {
    return { passed: 0, failed: 0, failedTests: [], brokenFiles: [`unreadable ${REPORT}: ${oneLine(String(error))}`] };
  }
}

function main(): number {
  try {
    ensureSystemPackages();
  } catch (error) {
    console.error(`system-deps: ${oneLine(String(error))} (going on without them)`);
  }
  const all = workspaces();
  for (const w of all) rmSync(join(w.dir, REPORT), { force: true });

  const failures: Failure[] = [...dagStep()];
  // A task's last run decides: a build that step 3 runs again replaces its step-2 result.
  const lastRun = new Map<string, TurboTask>();
  // Three tasks at a time: the tests that use real sockets, processes, Redis and Chromium keep
  // their timing on a 2-core machine, which ten concurrent vitest runs would starve.
  for (const args of [["build"], ["typecheck", "api:check", "test", "--continue", "--concurrency=3"]]) {
    const step = turbo(args);
    failures.push(...step.failures);
    for (const task of step.tasks) lastRun.set(task.taskId, task);
  }
  const tasks = [...lastRun.values()];
  failures.push(...taskFailures(tasks), ...benchStep(all));
  // Generated docs must match the code (api reference, guide examples) and every package must pass
  // publint, arethetypeswrong and the pack/dry-run publish checks.
  failures.push(...rootScriptStep("docs:check"), ...rootScriptStep("check:release"));

  const result = tally(outcomes(all, tasks), failures);
  banner("summary");
  for (const line of result.summary) console.log(line);
  console.log(finalLine(result));
  return result.failed > 0 ? 1 : 0;
}

process.exitCode = main();
