// Writing the results: the raw run, the merged latest.json, the markdown and the SVG chart.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { renderChart } from "./chart.js";
import { renderWorkloadMarkdown } from "./table.js";
import type { MachineInfo, RunFile, WorkloadResult } from "./types.js";
import { SUITE } from "./suite.js";
import { buildWorkloadResult } from "./run-suite.js";
import { summarizeSamples } from "./stats.js";

/** The 1-minute load average. */
export function loadNow(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

export function machineInfo(python: Record<string, string>, loadAtStart?: number): MachineInfo {
  const list = cpus();
  return {
    ...(loadAtStart !== undefined ? { loadAverage: { start: loadAtStart, end: loadNow() } } : {}),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    python,
  };
}

/** HEAD of the repository and whether packages/ differs from it (results of a dirty tree say so). */
export function gitState(repoRoot: string): RunFile["git"] {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" });
  if (head.status !== 0) return undefined;
  const status = spawnSync("git", ["status", "--porcelain", "--", "packages"], { cwd: repoRoot, encoding: "utf8" });
  return { commit: head.stdout.trim(), dirtyPackages: status.stdout.trim().length > 0 };
}

/** `2024-05-01T10:20:30.123Z` → `20240501-102030`. */
export function stamp(iso: string): string {
  return iso.replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/**
 * latest.json keeps one entry per workload: a new full run of a workload replaces its old
 * entry, the others stay. Entries come out in suite order.
 */
export function mergeLatest(previous: RunFile | null, run: RunFile): RunFile {
  const byId = new Map<string, WorkloadResult>();
  for (const w of previous?.workloads ?? []) byId.set(w.id, w);
  for (const w of run.workloads) byId.set(w.id, w);
  const order = SUITE.map((w) => w.id);
  const workloads = [...byId.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { ...run, workloads };
}

function readRun(path: string): RunFile | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as RunFile;
  } catch {
    return null;
  }
}

/** `full run, <date>, @aio at <commit>, load average a → b`. */
export function runNote(w: WorkloadResult): string {
  const parts = [`${w.mode} run, ${w.generatedAt}`];
  const git = w.context?.git;
  if (git) parts.push(`@aio at ${git.commit}${git.dirtyPackages ? " + uncommitted changes" : ""}`);
  const load = w.context?.loadAverage;
  if (load) parts.push(`load average ${load.start} → ${load.end}`);
  return parts.join(", ");
}

/** Markdown for every workload of a run file, with the machine it ran on. */
export function renderMarkdown(file: RunFile): string {
  const m = file.machine;
  const python = Object.entries(m.python).map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  const load = m.loadAverage ? ` Load average ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end.` : "";
  const git = file.git ? ` @aio built from ${file.git.commit}${file.git.dirtyPackages ? " plus uncommitted changes" : ""}.` : "";
  const head = [
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.platform}, Node ${m.node}, Python: ${python}.${git}${load}`,
    "",
    "Each workload's date is when its numbers were taken.",
  ];
  return [
    ...head,
    ...file.workloads.map((w) => `\n${renderWorkloadMarkdown(w)}\n\n_${runNote(w)}_`),
  ].join("\n") + "\n";
}

export interface Written {
  raw: string;
  json: string;
  svg: string;
  markdown: string;
}

/**
 * Full runs: results/raw-<stamp>.json, then latest.json / latest.svg / latest.md updated with
 * the workloads that ran. Quick runs: raw-<stamp>-quick.json and quick.json / quick.svg /
 * quick.md, so a smoke run never replaces real numbers.
 */
export function writeResults(dir: string, input: RunFile): Written {
  mkdirSync(dir, { recursive: true });
  const context = {
    ...(input.git ? { git: input.git } : {}),
    ...(input.machine.loadAverage ? { loadAverage: input.machine.loadAverage } : {}),
  };
  const run: RunFile = { ...input, workloads: input.workloads.map((w) => ({ ...w, context })) };
  const quick = run.mode === "quick";
  const raw = join(dir, `raw-${stamp(run.generatedAt)}${quick ? "-quick" : ""}.json`);
  writeFileSync(raw, JSON.stringify(run, null, 2) + "\n");
  const base = quick ? "quick" : "latest";
  const json = join(dir, `${base}.json`);
  const merged = quick ? run : mergeLatest(readRun(json), run);
  writeFileSync(json, JSON.stringify(merged, null, 2) + "\n");
  const svg = join(dir, `${base}.svg`);
  writeFileSync(svg, renderChart(merged.workloads));
  const markdown = join(dir, `${base}.md`);
  writeFileSync(markdown, renderMarkdown(merged));
  return { raw, json, svg, markdown };
}

/**
 * Recomputes the summaries, ratios and targets of stored results from their raw samples with
 * the current suite definitions (after a change to the statistics or the targets), keeping
 * every sample as it was measured.
 */
export function reevaluate(file: RunFile): RunFile {
  const workloads = file.workloads.map((w) => {
    const def = SUITE.find((d) => d.id === w.id);
    if (!def) return w;
    const systems = w.systems.map((s) => {
      const first = s.samples.find((x) => x.ok);
      return {
        ...s,
        ...(first && first.ok ? { n: first.result.n } : {}),
        stats: summarizeSamples(s.samples, def.metrics),
      };
    });
    const rebuilt = buildWorkloadResult(def, systems, { mode: w.mode, reps: w.reps, generatedAt: w.generatedAt });
    return w.context ? { ...rebuilt, context: w.context } : rebuilt;
  });
  return { ...file, workloads };
}

/** `--render`: rewrites latest.json / .md / .svg from latest.json's samples without running anything. */
export function rerender(dir: string): Written | null {
  const json = join(dir, "latest.json");
  const file = readRun(json);
  if (!file) return null;
  const updated = reevaluate(file);
  writeFileSync(json, JSON.stringify(updated, null, 2) + "\n");
  const svg = join(dir, "latest.svg");
  writeFileSync(svg, renderChart(updated.workloads));
  const markdown = join(dir, "latest.md");
  writeFileSync(markdown, renderMarkdown(updated));
  return { raw: "", json, svg, markdown };
}
