// Mutation testing (`pnpm mutation [package...]`): StrykerJS mutates one package's sources and runs
// that package's own tests against each mutant. A mutant no test kills is a behaviour nobody pins down.
//
// Not part of `pnpm test` or CI (it takes tens of minutes): a tool for developers, whose scores are
// recorded in tooling/mutation/scores.md. Stryker copies the package into a sandbox at
// <repo>/.stryker-<name>/sandbox-*/ (the same depth as packages/<name>/, so the relative paths of its
// tsconfig files still resolve) and mutates only that copy; the HTML report lands in
// packages/<name>/reports/mutation/ (both ignored by git).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync, lstatSync, mkdirSync, readdirSync, rmdirSync, symlinkSync, unlinkSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Stryker } from "@stryker-mutator/core";

/** Stryker's options object (its type lives in @stryker-mutator/api, which pnpm does not hoist). */
type PartialStrykerOptions = NonNullable<ConstructorParameters<typeof Stryker>[0]>;

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The packages mutation testing covers by default: the ones everything else stands on. */
export const DEFAULT_PACKAGES = ["core", "future", "task", "loop"] as const;

/** One package's outcome, as the scores table shows it. */
export interface Score {
  name: string;
  mutants: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  errors: number;
  /** killed + timeout over all valid mutants, in percent. */
  score: number;
  /** killed + timeout over covered valid mutants, in percent. */
  coveredScore: number;
  seconds: number;
}

/** Stryker's options for one package (run with the package directory, `dir`, as the working directory). */
export function strykerOptions(name: string, dir: string = process.cwd()): PartialStrykerOptions {
  // By name: every Stryker process resolves them from the repo's node_modules.
  const plugin = (name: string): string => `@stryker-mutator/${name}`;
  return {
    plugins: [plugin("vitest-runner"), plugin("typescript-checker")],
    testRunner: "vitest",
    vitest: { configFile: "vitest.config.ts", related: false },
    checkers: ["typescript"],
    // The package's sources alone where it has tsconfig.mutation.json (checking the tests too made
    // the checker, which takes one of the cores, the slowest part of a run); else sources and tests.
    tsconfigFile: existsSync(join(dir, "tsconfig.mutation.json")) ? "tsconfig.mutation.json" : "tsconfig.test.json",
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    mutate: ["src/**/*.ts"],
    ignorePatterns: ["/dist", "/temp", "/.turbo", "/.vitest"],
    coverageAnalysis: "perTest",
    ignoreStatic: true,
    // One test runner per core (AIO_MUTATION_CONCURRENCY overrides it, e.g. on a shared machine).
    concurrency: concurrency(),
    // Added to a mutant's expected run time: an infinite loop is called a timeout (killed) this long
    // after the tests would have finished.
    timeoutMS: 5_000,
    reporters: ["html", "json", "progress"],
    htmlReporter: { fileName: "reports/mutation/index.html" },
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    // The sandbox sits beside packages/ (<repo>/.stryker-<name>/sandbox-*/), so "../../tsconfig.base.json"
    // resolves from it; links to the other packages beside it (made by childRun) and a fallback in
    // tsconfig.test.json's paths resolve "../<other>"; the shared vitest config maps the package under
    // test to the sandbox's own (mutated) src/. Type tests are skipped (AIO_MUTATION=1).
    tempDirName: `../../.stryker-${name}`,
    cleanTempDir: "always",
    // Resumable: unchanged mutants keep their last result (delete the file for a full run).
    incremental: true,
    incrementalFile: "reports/stryker-incremental.json",
    disableTypeChecks: "src/**/*.ts",
    logLevel: "warn" as NonNullable<PartialStrykerOptions["logLevel"]>,
  };
}

/** Test runners to start: AIO_MUTATION_CONCURRENCY, or one per core. */
export function concurrency(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.AIO_MUTATION_CONCURRENCY;
  if (given === undefined || given === "") return availableParallelism();
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`AIO_MUTATION_CONCURRENCY must be a whole number of at least 1, got ${JSON.stringify(given)}`);
  return n;
}

type MutantResult = { status: string };

/** Counts a run's mutant results into a score row. */
export function scoreOf(name: string, results: readonly MutantResult[], seconds: number): Score {
  const count = (...statuses: string[]): number => results.filter((r) => statuses.includes(r.status)).length;
  const killed = count("Killed");
  const timeout = count("Timeout");
  const survived = count("Survived");
  const noCoverage = count("NoCoverage");
  const ignored = count("Ignored");
  const errors = count("CompileError", "RuntimeError");
  const valid = killed + timeout + survived + noCoverage;
  const covered = killed + timeout + survived;
  const pct = (a: number, b: number): number => (b === 0 ? 100 : Math.round((1000 * a) / b) / 10);
  return {
    name,
    mutants: results.length,
    killed,
    timeout,
    survived,
    noCoverage,
    ignored,
    errors,
    score: pct(killed + timeout, valid),
    coveredScore: pct(killed + timeout, covered),
    seconds,
  };
}

/** The scores table in Markdown, with when and on which commit it was measured. */
export function formatScores(scores: readonly Score[], when: string, commit: string, runners: number = concurrency()): string {
  const total = Math.round(scores.reduce((sum, s) => sum + s.seconds, 0) / 60);
  const lines = [
    `Measured ${when} on commit ${commit} (\`pnpm mutation\`, StrykerJS 9.6.1, vitest runner, TypeScript checker, ${runners} test runner${runners === 1 ? "" : "s"}): ${total} min in all.`,
    "",
    "| package | mutants | killed | timeout | survived | no coverage | ignored | score | covered score | time |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const s of scores) {
    lines.push(
      `| ${s.name} | ${s.mutants} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.ignored} | ${s.score.toFixed(1)} % | ${s.coveredScore.toFixed(1)} % | ${Math.round(s.seconds / 60)} min |`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Mutation-tests one package in a process of its own (one Stryker per process: a second run in the same process finds no tests). */
function runOne(name: string, mutate: readonly string[]): Score {
  const dir = join(root, "packages", name);
  if (!existsSync(join(dir, "package.json"))) throw new RangeError(`pnpm mutation: no package named ${JSON.stringify(name)} in packages/`);
  execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--one", name, ...mutate], { cwd: dir, stdio: "inherit" });
  return JSON.parse(readFileSync(join(dir, "reports/mutation/score.json"), "utf8")) as Score;
}

/** The child's part: runs Stryker in the package directory (the working directory) and saves the score. */
async function childRun(name: string, mutate: readonly string[]): Promise<void> {
  // Beside the sandbox, links to the other packages: "../<other>" (tsconfig references and paths)
  // then resolves from the sandbox as from packages/<name>. Stryker deletes only its sandbox-* dir.
  const temp = join(root, `.stryker-${name}`);
  mkdirSync(temp, { recursive: true });
  const links: string[] = [];
  for (const other of readdirSync(join(root, "packages"))) {
    const link = join(temp, other);
    if (other === name) continue;
    // A link left by an interrupted run is reused (and removed at the end).
    if (!lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) symlinkSync(join(root, "packages", other), link, "dir");
    links.push(link);
  }
  const started = Date.now();
  let results;
  try {
    const options = strykerOptions(name);
    if (mutate.length > 0) options.mutate = [...mutate];
    results = await new Stryker(options).runMutationTest();
  } finally {
    for (const link of links) unlinkSync(link);
    if (readdirSync(temp).length === 0) rmdirSync(temp);
  }
  const score = scoreOf(name, results, (Date.now() - started) / 1000);
  mkdirSync("reports/mutation", { recursive: true });
  writeFileSync("reports/mutation/score.json", JSON.stringify(score, null, 2) + "\n");
}

async function main(argv: string[]): Promise<void> {
  // Stryker's workers load each package's vitest.config.ts, which imports the shared TypeScript
  // config from tooling/: they need tsx's loader, as vitest's own `--configLoader runner` gives it.
  if (!(process.env.NODE_OPTIONS ?? "").includes("tsx")) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import tsx`.trim();
  // The shared vitest config skips its type tests (test/*.test-d.ts) under mutation testing.
  process.env.AIO_MUTATION = "1";
  if (argv[0] === "--one") return childRun(argv[1]!, argv.slice(2));
  // `--mutate <glob>` (repeatable): mutate only those files of each package, e.g. src/task.ts.
  const mutate: string[] = [];
  const given: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--mutate") mutate.push(argv[++i]!);
    else given.push(argv[i]!);
  }
  const names = given.length > 0 ? given : [...DEFAULT_PACKAGES];
  // Some tests run jobs on real worker threads, which load the built dist of @aio/executor (and
  // what it imports): build first (turbo's cache makes this quick when nothing changed).
  console.log("mutation: building the packages (dist/) the tests load in worker threads ...");
  execFileSync(process.execPath, [join(root, "tooling/scripts/src/turbo.ts"), "run", "build", "--output-logs=errors-only"], {
    cwd: root,
    stdio: "inherit",
  });
  const scores: Score[] = [];
  for (const name of names) {
    console.log(`mutation: ${name} ...`);
    const s = runOne(name, mutate);
    if (mutate.length > 0) s.name = `${name} (${mutate.join(", ")})`;
    scores.push(s);
    console.log(`mutation: ${name}: ${s.score.toFixed(1)} % (${s.killed + s.timeout} of ${s.killed + s.timeout + s.survived + s.noCoverage} killed, ${s.survived} survived, ${s.noCoverage} without coverage)`);
  }
  const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  const dirty = execFileSync("git", ["status", "--porcelain", "--", ...names.map((n) => join("packages", n))], { cwd: root, encoding: "utf8" });
  const commit = dirty.trim() === "" ? head : `${head} plus uncommitted changes in the measured packages`;
  const table = formatScores(scores, new Date().toISOString().slice(0, 10), commit);
  const out = join(root, "tooling/mutation/scores.md");
  mkdirSync(dirname(out), { recursive: true });
  const header = "# Mutation scores\n\nWritten by `pnpm mutation`; each package against its own tests. HTML reports: `packages/<name>/reports/mutation/index.html` (not committed).\n\n";
  const previousText = existsSync(out) ? readFileSync(out, "utf8") : "";
  const rest = previousText.startsWith(header) ? previousText.slice(header.length) : "";
  writeFileSync(out, header + table + (rest ? "\n" + rest : ""));
  console.log(table);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
