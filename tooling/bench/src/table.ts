// Plain-text and markdown tables of one workload's results.
import { formatBytes, formatRange, formatRatio, formatValue, sig3, thousands } from "./format.js";
import type { MetricDef, WorkloadResult } from "./types.js";

/** Pads columns to equal width; `right[i]` right-aligns column i. */
export function renderTable(header: string[], rows: string[][], right: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** A GitHub-flavoured markdown table. */
export function renderMarkdownTable(header: string[], rows: string[][], right: boolean[] = []): string {
  const esc = (s: string): string => s.replace(/\|/g, "\\|");
  return [
    `| ${header.map(esc).join(" | ")} |`,
    `|${header.map((_, i) => (right[i] ? "---:" : "---")).join("|")}|`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

function metricByKey(result: WorkloadResult, key: string): MetricDef {
  return result.metrics.find((m) => m.key === key) ?? { key, label: key, unit: "ns", better: "lower" };
}

function labelOf(result: WorkloadResult, id: string): string {
  return result.systems.find((s) => s.id === id)?.label ?? id;
}

/** The rows of the per-system table: label, then per metric the median (and min–max for the first), peak RSS. */
function systemRows(result: WorkloadResult): { header: string[]; rows: string[][]; right: boolean[] } {
  const [primary, ...others] = result.metrics;
  const header = ["system", `${primary!.label} (median)`, "min–max", ...others.map((m) => m.label), "peak RSS", "runs"];
  const right = [false, true, true, ...others.map(() => true), true, true];
  const rows = result.systems.map((s) => {
    if (s.status !== "ok") {
      return [s.label, s.status === "skipped" ? "skipped" : "FAILED", "", ...others.map(() => ""), "", ""];
    }
    const p = s.stats[primary!.key];
    const okRuns = s.samples.filter((x) => x.ok).length;
    return [
      s.label,
      p ? formatValue(p.median, primary!.unit) : "—",
      p ? formatRange(p.min, p.max, primary!.unit) : "—",
      ...others.map((m) => {
        const st = s.stats[m.key];
        return st ? formatValue(st.median, m.unit) : "—";
      }),
      s.stats.peakRssBytes ? formatBytes(s.stats.peakRssBytes.median) : "—",
      `${okRuns}/${s.samples.length}`,
    ];
  });
  return { header, rows, right };
}

function ratioLines(result: WorkloadResult): string[] {
  return result.ratios.map((r) => {
    const metric = metricByKey(result, r.metric);
    const paired = r.pairedMin === r.pairedMax ? "" : ` [per-run ${sig3(r.pairedMin)}–${sig3(r.pairedMax)}]`;
    return `${labelOf(result, r.aio)} ÷ ${labelOf(result, r.peer)}, ${metric.label}: ${sig3(r.ratio)} (${formatRatio(r.ratio, metric)})${paired}`;
  });
}

function notes(result: WorkloadResult): string[] {
  return result.systems.filter((s) => s.note).map((s) => `${s.label}: ${s.note}`);
}

function sizeLine(result: WorkloadResult): string {
  const sizes = [...new Set(result.systems.filter((s) => s.n).map((s) => s.n!))];
  const n = sizes.length ? sizes.map(thousands).join(" / ") : "?";
  return `n = ${n} ${result.op}s, ${result.reps} interleaved run${result.reps === 1 ? "" : "s"} per system, ${result.mode} mode`;
}

/** One workload as terminal text: table, ratios (@aio ÷ peer, below 1 = @aio better), targets, notes. */
export function renderWorkloadText(result: WorkloadResult): string {
  const { header, rows, right } = systemRows(result);
  const out = [`== ${result.id}: ${result.title}`, sizeLine(result), "", renderTable(header, rows, right)];
  const ratios = ratioLines(result);
  if (ratios.length) out.push("", "ratios (@aio ÷ peer, medians of this run; below 1 means @aio is better):", ...ratios.map((l) => `  ${l}`));
  if (result.targets.length) {
    out.push("", "targets (PERFORMANCE.md):");
    for (const t of result.targets) out.push(`  ${t.status.toUpperCase().padEnd(4)}  ${t.text} — ${t.detail}`);
  }
  const n = notes(result);
  if (n.length) out.push("", "notes:", ...n.map((l) => `  ${l}`));
  return out.join("\n");
}

/** One workload as markdown (for the README's "Latest results"); `ratios: false` leaves the ratio list out. */
export function renderWorkloadMarkdown(result: WorkloadResult, options: { ratios?: boolean } = {}): string {
  const { header, rows, right } = systemRows(result);
  const out = [`#### ${result.id}: ${result.title}`, "", `${sizeLine(result)}.`, "", renderMarkdownTable(header, rows, right)];
  const ratios = options.ratios === false ? [] : ratioLines(result);
  if (ratios.length) out.push("", "Ratios (@aio ÷ peer, below 1 = @aio better):", "", ...ratios.map((l) => `- ${l}`));
  if (result.targets.length) {
    out.push("", "Targets:", "");
    for (const t of result.targets) out.push(`- **${t.status.toUpperCase()}** ${t.text} — ${t.detail}`);
  }
  const n = notes(result);
  if (n.length) out.push("", ...n.map((l) => `- ${l}`));
  return out.join("\n");
}
