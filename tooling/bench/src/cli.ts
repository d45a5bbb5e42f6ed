// `pnpm bench`: runs the workloads of PERFORMANCE.md side by side and reports medians, ratios
// and targets. Flags: --quick, --only <id,...>, --reps N, --check, --help.
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gitState, loadNow, machineInfo, rerender, writeResults } from "./results.js";
import { BENCH_DIR, REPO_ROOT, builtPackages, findPythons, type RunContext } from "./runner.js";
import { runProblems, runSuite } from "./run-suite.js";
import { SUITE, selectWorkloads } from "./suite.js";
import { renderWorkloadText } from "./table.js";
import type { RunFile } from "./types.js";

export interface CliOptions {
  quick: boolean;
  only: string[];
  reps: number | undefined;
  check: boolean;
  render: boolean;
  help: boolean;
}

/** Parses the command line; throws a RangeError naming the bad flag. */
export function parseCli(argv: string[]): CliOptions {
  const options: CliOptions = { quick: false, only: [], reps: undefined, check: false, render: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new RangeError(`${flag}: expected a value`);
      return v;
    };
    switch (flag) {
      case "--quick":
        options.quick = true;
        break;
      case "--check":
        options.check = true;
        break;
      case "--render":
        options.render = true;
        break;
      case "--only":
        options.only.push(...value().split(",").map((s) => s.trim()).filter(Boolean));
        break;
      case "--reps": {
        const raw = value();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1) throw new RangeError(`--reps: expected an integer >= 1, got ${raw}`);
        options.reps = n;
        break;
      }
      case "--help":
      case "-h":
        options.help = true;
        break;
      case "--":
        break;
      default:
        throw new RangeError(`unknown flag ${arg} (try --help)`);
    }
  }
  return options;
}

const HELP = `pnpm bench [--quick] [--only <workload,...>] [--reps N] [--check]

  --quick   every workload at a small size, 1 repetition (a smoke run, under a minute)
  --only    run only these workloads: ${SUITE.map((w) => w.id).join(", ")}
  --reps    repetitions per system (default 5, quick 1), interleaved A B C A B C ...
  --check   exit non-zero only when a script failed or a workload produced no numbers
  --render  run nothing: recompute results/latest.{json,md,svg} from the stored samples

Results: a table on stdout; results/raw-<stamp>.json (every sample); full runs update
results/latest.{json,svg,md}, quick runs write results/quick.{json,svg,md}.`;

function progressWriter(): { update(text: string): void; clear(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(text: string): void {
      if (tty) {
        const width = process.stderr.columns ?? 100;
        const line = text.length > width - 1 ? text.slice(0, width - 1) : text;
        process.stderr.write(`\r${line.padEnd(last)}`);
        last = line.length;
      } else {
        process.stderr.write(`${text}\n`);
      }
    },
    clear(): void {
      if (tty && last) process.stderr.write(`\r${" ".repeat(last)}\r`);
      last = 0;
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  const options = parseCli(argv);
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (options.render) {
    const written = rerender(join(BENCH_DIR, "results"));
    if (!written) throw new Error("--render: no results/latest.json to render");
    process.stdout.write(`rewrote ${[written.json, written.markdown, written.svg].map((f) => relative(REPO_ROOT, f)).join("\n        ")}\n`);
    return 0;
  }
  const workloads = selectWorkloads(options.only);
  const reps = options.reps ?? (options.quick ? 1 : 5);
  const pythons = findPythons();
  const ctx: RunContext = { quick: options.quick, built: builtPackages(), pythons };
  const python: Record<string, string> = {};
  // Name and version only: an interpreter's path names one machine.
  if (pythons.preferred) python.cpython = pythons.preferred.version;
  if (pythons.path && pythons.path.executable !== pythons.preferred?.executable) python["cpython-path"] = pythons.path.version;
  if (pythons.uvloop) python.uvloop = `uvloop ${pythons.uvloop.uvloop} on CPython ${pythons.uvloop.version}`;

  const aio = ["core", "future", "task", "loop", "combinators", "sync", "queue", "executor"];
  const missing = aio.filter((p) => !ctx.built.has(p));
  process.stdout.write(
    `@aio bench — ${options.quick ? "quick" : "full"} mode, ${reps} rep${reps === 1 ? "" : "s"}, Node ${process.version}, ` +
      `${pythons.preferred ? `CPython ${pythons.preferred.version}` : "no python3 (CPython rows skipped)"}\n` +
      (missing.length ? `not built (their rows are skipped): ${missing.map((m) => `@aio/${m}`).join(", ")}\n` : "") +
      `targets (../shared/PERFORMANCE.md) are reported, not enforced: a MISS below never fails this run; ` +
      `only a script that fails or gives no numbers does${options.quick ? " (and quick sizes are too small to judge a target)" : ""}.\n` +
      "\n",
  );

  const git = gitState(REPO_ROOT); // before the run: the state the measured build came from
  const loadAtStart = loadNow();
  const cores = machineInfo(python).cpus;
  if (loadAtStart > cores) {
    process.stdout.write(
      `note: load average ${loadAtStart} on ${cores} CPUs — the machine is busy; expect wide ranges and trust the ratios over absolute times\n\n`,
    );
  }
  const progress = progressWriter();
  const started = performance.now();
  const results = await runSuite(workloads, ctx, {
    reps,
    onProgress: (p) => {
      const elapsed = ((performance.now() - started) / 1000).toFixed(0);
      progress.update(`[${p.done + 1}/${p.total}] ${p.workload} › ${p.system} (run ${p.rep}/${p.reps}) ${elapsed}s`);
    },
    onWorkload: (result) => {
      progress.clear();
      process.stdout.write(`${renderWorkloadText(result)}\n\n`);
    },
  });
  progress.clear();

  const run: RunFile = {
    generatedAt: new Date().toISOString(),
    ...(git ? { git } : {}),
    mode: options.quick ? "quick" : "full",
    argv,
    machine: machineInfo(python, loadAtStart),
    workloads: results,
  };
  const written = writeResults(join(BENCH_DIR, "results"), run);

  const targets = results.flatMap((w) => w.targets.map((t) => ({ w: w.id, t })));
  const count = (s: string): number => targets.filter((x) => x.t.status === s).length;
  process.stdout.write(
    `targets: ${count("pass")} pass, ${count("miss")} miss, ${count("n/a")} n/a — reported, not enforced` +
      `${options.quick ? " (quick mode: sizes too small to judge targets)" : ""}\n` +
      `wrote ${[written.raw, written.json, written.svg, written.markdown].map((f) => relative(REPO_ROOT, f)).join("\n      ")}\n` +
      `total ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );

  const problems = runProblems(results);
  if (problems.length) {
    process.stdout.write(`\nproblems (a script failed or gave no numbers):\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
    return 1;
  }
  return 0;
}

const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bench: ${(error as Error).message ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
