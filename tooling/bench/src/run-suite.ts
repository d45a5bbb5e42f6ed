// Runs the selected workloads: every system in a fresh process, repetitions interleaved
// (A B C, A B C, ...) so slow drift of the machine hits every system alike.
import { commandFor, pythonLabel, runScript, sizeFor, type Command, type RunContext } from "./runner.js";
import { allRatios, evaluateTarget, summarizeSamples } from "./stats.js";
import type { Sample, SystemDef, SystemResult, WorkloadDef, WorkloadResult } from "./types.js";

export interface SuiteOptions {
  reps: number;
  /** Called before each process starts. */
  onProgress?: (p: { done: number; total: number; workload: string; system: string; rep: number; reps: number }) => void;
  /** Called as soon as a workload has all its numbers. */
  onWorkload?: (result: WorkloadResult) => void;
}

interface Planned {
  def: SystemDef;
  label: string;
  command?: Command;
  skip?: string;
  samples: Sample[];
  failed: boolean;
}

function plan(workload: WorkloadDef, ctx: RunContext): Planned[] {
  return workload.systems.map((def) => {
    const cmd = commandFor(workload, def, ctx);
    const label = def.python ? pythonLabel(def, ctx) : def.label;
    return "skip" in cmd
      ? { def, label, skip: cmd.skip, samples: [], failed: false }
      : { def, label, command: cmd, samples: [], failed: false };
  });
}

function toResult(p: Planned, workload: WorkloadDef, ctx: RunContext, reps: number): SystemResult {
  const ok = p.samples.filter((s) => s.ok);
  const failures = p.samples.filter((s): s is Extract<Sample, { ok: false }> => !s.ok);
  const notes: string[] = [];
  if (p.def.note) notes.push(p.def.note);
  if (p.skip) notes.push(`skipped: ${p.skip}`);
  if (failures.length) notes.push(`${failures.length} of ${p.samples.length} runs failed: ${failures[0]!.error}`);
  if (p.failed && p.samples.length < reps) notes.push("later runs skipped after the failure");
  const status: SystemResult["status"] = p.skip ? "skipped" : ok.length ? "ok" : "failed";
  return {
    id: p.def.id,
    label: p.label,
    aio: p.def.aio === true,
    status,
    ...(notes.length ? { note: notes.join("; ") } : {}),
    // The n the script reported (virtual-time counts firings, not timers), else the planned size.
    ...(p.skip ? {} : { n: ok.length && ok[0]!.ok ? ok[0]!.result.n : sizeFor(workload, p.def, ctx.quick) }),
    samples: p.samples,
    stats: summarizeSamples(p.samples, workload.metrics),
  };
}

/** Assembles stats, ratios and targets for one workload from its systems' samples. */
export function buildWorkloadResult(
  workload: WorkloadDef,
  systems: SystemResult[],
  meta: { mode: "full" | "quick"; reps: number; generatedAt?: string },
): WorkloadResult {
  const compare = (id: string): string[] | undefined => workload.systems.find((s) => s.id === id)?.compareWith;
  const better = (key: string): "lower" | "higher" => workload.metrics.find((m) => m.key === key)?.better ?? "lower";
  return {
    id: workload.id,
    title: workload.title,
    op: workload.op,
    generatedAt: meta.generatedAt ?? new Date().toISOString(),
    mode: meta.mode,
    reps: meta.reps,
    metrics: workload.metrics,
    systems,
    ratios: allRatios(systems, workload.metrics, compare),
    targets: workload.targets.map((t) => evaluateTarget(t, systems, better(t.metric))),
  };
}

/** Runs every workload in order; within a workload, repetition r of every system before r + 1. */
export async function runSuite(workloads: WorkloadDef[], ctx: RunContext, options: SuiteOptions): Promise<WorkloadResult[]> {
  const plans = workloads.map((w) => ({ workload: w, systems: plan(w, ctx) }));
  const total = plans.reduce((sum, p) => sum + p.systems.filter((s) => s.command).length * options.reps, 0);
  let done = 0;
  const results: WorkloadResult[] = [];
  for (const { workload, systems } of plans) {
    const timeout = ctx.quick ? 90 : (workload.timeoutSeconds ?? 180);
    for (let rep = 1; rep <= options.reps; rep++) {
      for (const system of systems) {
        if (!system.command) continue;
        if (system.failed) {
          done++; // a row that failed once is not retried: its failure is deterministic in practice
          continue;
        }
        options.onProgress?.({ done, total, workload: workload.id, system: system.def.id, rep, reps: options.reps });
        const outcome = await runScript(system.command, { workload: workload.id, system: system.def.reportsAs ?? system.def.id }, timeout);
        done++;
        system.samples.push({ rep, ...outcome } as Sample);
        if (!outcome.ok) system.failed = true;
      }
    }
    const result = buildWorkloadResult(
      workload,
      systems.map((s) => toResult(s, workload, ctx, options.reps)),
      { mode: ctx.quick ? "quick" : "full", reps: options.reps },
    );
    results.push(result);
    options.onWorkload?.(result);
  }
  return results;
}

/** Problems that make `bench:check` fail: a row that crashed, or a workload without any numbers. */
export function runProblems(results: readonly WorkloadResult[]): string[] {
  const problems: string[] = [];
  for (const w of results) {
    for (const s of w.systems) {
      const failures = s.samples.filter((x) => !x.ok);
      if (failures.length) problems.push(`${w.id}/${s.id}: ${s.note ?? "failed"}`);
    }
    if (!w.systems.some((s) => s.status === "ok")) problems.push(`${w.id}: produced no numbers`);
  }
  return problems;
}
