// Small, exact statistics over repetitions: medians and ranges, paired ratios, target checks.
import type {
  MetricDef,
  RatioResult,
  ResultLine,
  Sample,
  Summary,
  SystemResult,
  TargetDef,
  TargetResult,
} from "./types.js";

/** Median of a non-empty list (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, min, max and count of the finite values; null when there are none. */
export function summarize(values: readonly number[]): Summary | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), count: finite.length };
}

/** The number `key` names in a result line (`nsPerOp`, `seconds`, `extra.<name>`); NaN when absent. */
export function metricValue(result: ResultLine, key: string): number {
  let value: unknown;
  if (key.startsWith("extra.")) value = result.extra?.[key.slice("extra.".length)];
  else value = (result as unknown as Record<string, unknown>)[key];
  return typeof value === "number" ? value : NaN;
}

/** Per-metric summaries over a system's successful samples. */
export function summarizeSamples(samples: readonly Sample[], metrics: readonly MetricDef[]): Record<string, Summary> {
  const stats: Record<string, Summary> = {};
  const keys = new Set(["nsPerOp", "seconds", "peakRssBytes", ...metrics.map((m) => m.key)]);
  for (const key of keys) {
    const values = samples.flatMap((s) => (s.ok ? [metricValue(s.result, key)] : []));
    const summary = summarize(values);
    if (summary !== null) stats[key] = summary;
  }
  return stats;
}

/** The value of `key` in the sample of repetition `rep`, or NaN. */
function valueAtRep(system: SystemResult, key: string, rep: number): number {
  const sample = system.samples.find((s) => s.rep === rep && s.ok);
  return sample && sample.ok ? metricValue(sample.result, key) : NaN;
}

/**
 * median(@aio) ÷ median(peer) for `metric`, with the range of the per-repetition ratios (both rows
 * of one repetition ran back to back, so they saw the same machine state). Null without data.
 */
export function ratioOf(aio: SystemResult, peer: SystemResult, metric: string): RatioResult | null {
  const a = aio.stats[metric];
  const p = peer.stats[metric];
  if (!a || !p || p.median === 0) return null;
  const paired: number[] = [];
  for (const sample of aio.samples) {
    const x = valueAtRep(aio, metric, sample.rep);
    const y = valueAtRep(peer, metric, sample.rep);
    if (Number.isFinite(x) && Number.isFinite(y) && y !== 0) paired.push(x / y);
  }
  const ratio = a.median / p.median;
  return {
    metric,
    aio: aio.id,
    peer: peer.id,
    ratio,
    pairedMin: paired.length ? Math.min(...paired) : ratio,
    pairedMax: paired.length ? Math.max(...paired) : ratio,
  };
}

/** Every @aio ÷ peer ratio for the metrics that ask for ratios. */
export function allRatios(
  systems: readonly SystemResult[],
  metrics: readonly MetricDef[],
  compareWith: (aioId: string) => string[] | undefined = () => undefined,
): RatioResult[] {
  const out: RatioResult[] = [];
  const ratioMetrics = metrics.filter((m, i) => i === 0 || m.ratios);
  for (const aio of systems.filter((s) => s.aio && s.status === "ok")) {
    const allowed = compareWith(aio.id);
    for (const peer of systems.filter((s) => !s.aio && s.status === "ok")) {
      if (allowed && !allowed.includes(peer.id)) continue;
      for (const metric of ratioMetrics) {
        const r = ratioOf(aio, peer, metric.key);
        if (r) out.push(r);
      }
    }
  }
  return out;
}

function bound(max: number | undefined, min: number | undefined): string {
  if (max !== undefined) return `≤ ${round(max)}`;
  if (min !== undefined) return `≥ ${round(min)}`;
  return "(no bound)";
}

function round(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x);
}

function passes(value: number, max: number | undefined, min: number | undefined): boolean {
  return (max === undefined || value <= max) && (min === undefined || value >= min);
}

/**
 * Checks one target against the medians. A ratio target uses the best (lowest, for a
 * lower-is-better metric) of its peer rows; a missing row makes the result "n/a", never a miss.
 */
export function evaluateTarget(
  target: TargetDef,
  systems: readonly SystemResult[],
  better: "lower" | "higher" = "lower",
): TargetResult {
  const byId = new Map(systems.map((s) => [s.id, s]));
  const base = {
    text: target.text,
    kind: target.kind,
    metric: target.metric,
    system: target.kind === "absolute" ? target.system : target.aio,
    ...(target.max !== undefined ? { max: target.max } : {}),
    ...(target.min !== undefined ? { min: target.min } : {}),
  };
  const checked = byId.get(base.system);
  const stat = checked?.status === "ok" ? checked.stats[target.metric] : undefined;
  if (!stat) {
    const why = checked?.note ? ` (${checked.note})` : checked?.status === "failed" ? " (failed)" : "";
    return { ...base, status: "n/a", detail: `no ${base.system} numbers${why}` };
  }
  if (target.kind === "absolute") {
    return {
      ...base,
      status: passes(stat.median, target.max, target.min) ? "pass" : "miss",
      value: stat.median,
      detail: `${target.system} median ${round(stat.median)}, needs ${bound(target.max, target.min)}`,
    };
  }
  let best: { id: string; median: number } | undefined;
  for (const id of target.peers) {
    const peer = byId.get(id);
    const peerStat = peer?.status === "ok" ? peer.stats[target.metric] : undefined;
    if (!peerStat) continue;
    const isBetter =
      better === "lower" ? peerStat.median < (best?.median ?? Infinity) : peerStat.median > (best?.median ?? -Infinity);
    if (isBetter) best = { id, median: peerStat.median };
  }
  if (!best) return { ...base, status: "n/a", detail: `no numbers for ${target.peers.join(" / ")}` };
  const value = stat.median / best.median;
  return {
    ...base,
    status: passes(value, target.max, target.min) ? "pass" : "miss",
    value,
    peer: best.id,
    detail: `${target.aio} ÷ ${best.id} = ${round(value)}, needs ${bound(target.max, target.min)}`,
  };
}
