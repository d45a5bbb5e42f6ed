// Builders for results used by the tests.
import { summarizeSamples } from "../src/stats.js";
import type { MetricDef, Sample, SystemResult } from "../src/types.js";

export const NS: MetricDef = { key: "nsPerOp", label: "ns/op", unit: "ns", better: "lower" };

/** A successful system whose repetition r (1-based) measured values[r - 1] ns/op. */
export function system(id: string, values: number[], options: { aio?: boolean; extra?: Record<string, number>[] } = {}): SystemResult {
  const samples: Sample[] = values.map((nsPerOp, i) => ({
    rep: i + 1,
    ok: true,
    wallSeconds: 0.1,
    result: {
      workload: "w",
      system: id,
      n: 1000,
      seconds: (nsPerOp * 1000) / 1e9,
      nsPerOp,
      peakRssBytes: 50e6,
      ...(options.extra ? { extra: options.extra[i] ?? {} } : {}),
    },
  }));
  const metrics: MetricDef[] = [NS, ...Object.keys(options.extra?.[0] ?? {}).map((k) => ({ ...NS, key: `extra.${k}` }))];
  return {
    id,
    label: id.toUpperCase(),
    aio: options.aio === true,
    status: "ok",
    n: 1000,
    samples,
    stats: summarizeSamples(samples, metrics),
  };
}

/** A row that was not run. */
export function skipped(id: string, note: string, aio = false): SystemResult {
  return { id, label: id.toUpperCase(), aio, status: "skipped", note, samples: [], stats: {} };
}
