// The shapes shared by the runner, the statistics, the table and the chart.

/** The one JSON line a workload script prints. */
export interface ResultLine {
  workload: string;
  system: string;
  n: number;
  seconds: number;
  nsPerOp: number;
  peakRssBytes: number;
  extra?: Record<string, unknown>;
}

/** How a measured number is shown and which direction is better. */
export interface MetricDef {
  /** `nsPerOp`, `seconds`, `peakRssBytes`, or `extra.<name>`. */
  key: string;
  /** Column heading. */
  label: string;
  unit: "ns" | "ms" | "s" | "B" | "x" | "MB/s";
  better: "lower" | "higher";
  /** Compute @aio ÷ peer ratios for this metric (the first metric always gets them). */
  ratios?: boolean;
}

/** One system (one script) of a workload. */
export interface SystemDef {
  id: string;
  label: string;
  /** Script file name inside src/workloads/<workload>/. */
  file: string;
  /** True for the @aio rows (ratios are @aio ÷ every other row). */
  aio?: boolean;
  /** @aio packages that must be built (packages/<name>/dist/index.js) for this row to run. */
  requires?: string[];
  /** The `system` the script prints, when it differs from `id` (one script, two interpreters). */
  reportsAs?: string;
  /** For .py rows: which interpreter ("preferred" = CPython 3.13 when pyenv has it, "path" = python3). */
  python?: "preferred" | "path" | "uvloop";
  /** Run this row only in full mode. */
  fullOnly?: boolean;
  /** Size overrides for this row (ns/op stays comparable). */
  n?: number;
  quickN?: number;
  /** For @aio rows: the peers to report ratios against (default: every non-@aio row). */
  compareWith?: string[];
  /** Shown under the table. */
  note?: string;
}

/** A PERFORMANCE.md target, evaluated on the medians of one run. */
export type TargetDef =
  | {
      kind: "ratio";
      text: string;
      metric: string;
      aio: string;
      /** Compared against the best of these rows (one row in most targets). */
      peers: string[];
      /** Pass when @aio ÷ peer ≤ max (or ≥ min). */
      max?: number;
      min?: number;
    }
  | {
      kind: "absolute";
      text: string;
      metric: string;
      system: string;
      max?: number;
      min?: number;
    };

export interface WorkloadDef {
  id: string;
  title: string;
  /** What one op is, for the table heading. */
  op: string;
  n: number;
  quickN: number;
  metrics: MetricDef[];
  systems: SystemDef[];
  targets: TargetDef[];
  /** Per-process time limit in seconds (full mode). */
  timeoutSeconds?: number;
}

/** One run of one script. */
export type Sample =
  | { rep: number; ok: true; wallSeconds: number; result: ResultLine }
  | { rep: number; ok: false; wallSeconds: number; error: string };

export interface Summary {
  median: number;
  min: number;
  max: number;
  count: number;
}

export interface SystemResult {
  id: string;
  label: string;
  aio: boolean;
  status: "ok" | "skipped" | "failed";
  note?: string;
  n?: number;
  samples: Sample[];
  /** Per metric key, over the successful samples. */
  stats: Record<string, Summary>;
}

export interface RatioResult {
  metric: string;
  aio: string;
  peer: string;
  /** median(@aio) ÷ median(peer). */
  ratio: number;
  /** Range of the per-repetition ratios (same repetition, so the same drift). */
  pairedMin: number;
  pairedMax: number;
}

export interface TargetResult {
  text: string;
  kind: "ratio" | "absolute";
  metric: string;
  /** The @aio row (ratio targets) or the row checked (absolute targets). */
  system: string;
  /** For ratio targets: which peer row was the reference (the best of the listed ones). */
  peer?: string;
  max?: number;
  min?: number;
  status: "pass" | "miss" | "n/a";
  /** The ratio (or absolute value) that was checked. */
  value?: number;
  detail: string;
}

export interface WorkloadResult {
  id: string;
  title: string;
  op: string;
  generatedAt: string;
  mode: "full" | "quick";
  reps: number;
  metrics: MetricDef[];
  systems: SystemResult[];
  ratios: RatioResult[];
  targets: TargetResult[];
  /** The state of the run this workload came from (latest.json mixes runs). */
  context?: { git?: RunFile["git"]; loadAverage?: MachineInfo["loadAverage"] };
}

export interface MachineInfo {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  /** 1-minute load average when the run started and when it ended (above the CPU count = contended). */
  loadAverage?: { start: number; end: number };
  python: Record<string, string>;
}

export interface RunFile {
  generatedAt: string;
  /** The commit the @aio packages were built from, and whether packages/ had uncommitted changes. */
  git?: { commit: string; dirtyPackages: boolean };
  mode: "full" | "quick";
  argv: string[];
  machine: MachineInfo;
  workloads: WorkloadResult[];
}
