// Number formatting for the table, the markdown and the chart.
import type { MetricDef } from "./types.js";

/** Three significant digits without exponent notation: 0.0123, 1.23, 12.3, 123, 1235. */
export function sig3(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toString();
  const digits = Math.max(0, 2 - Math.floor(Math.log10(abs)));
  return x.toFixed(Math.min(digits, 6));
}

/** `1234567` → `1,234,567`. */
export function thousands(x: number): string {
  return Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A duration given in nanoseconds: `345 ns`, `1.23 µs`, `12.3 ms`, `1.23 s`. */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return "—";
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${sig3(ns)} ns`;
  if (abs < 1e6) return `${sig3(ns / 1e3)} µs`;
  if (abs < 1e9) return `${sig3(ns / 1e6)} ms`;
  return `${sig3(ns / 1e9)} s`;
}

/** A byte count: `408 B`, `12.8 KB`, `171 MB` (powers of 1000, as the baselines are written). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "—";
  const abs = Math.abs(bytes);
  if (abs < 1e4) return `${thousands(bytes)} B`;
  if (abs < 1e6) return `${sig3(bytes / 1e3)} KB`;
  if (abs < 1e9) return `${sig3(bytes / 1e6)} MB`;
  return `${sig3(bytes / 1e9)} GB`;
}

/** A value in a metric's unit. */
export function formatValue(value: number, unit: MetricDef["unit"]): string {
  if (!Number.isFinite(value)) return "—";
  switch (unit) {
    case "ns":
      return formatNs(value);
    case "ms":
      return formatNs(value * 1e6);
    case "s":
      return formatNs(value * 1e9);
    case "B":
      return formatBytes(value);
    case "x":
      return `${sig3(value)}×`;
    case "MB/s":
      return `${sig3(value)} MB/s`;
  }
}

/** `min–max` in a metric's unit, sharing the unit suffix when both ends have the same one. */
export function formatRange(min: number, max: number, unit: MetricDef["unit"]): string {
  const a = formatValue(min, unit);
  const b = formatValue(max, unit);
  const ua = a.split(" ")[1];
  const ub = b.split(" ")[1];
  if (ua !== undefined && ua === ub) return `${a.split(" ")[0]}–${b}`;
  return `${a}–${b}`;
}

/**
 * An @aio ÷ peer ratio in words: `0.05` → `20.0× faster`, `1.3` → `1.30× slower`; for byte
 * metrics `smaller` / `larger`; for higher-is-better metrics the words flip.
 */
export function formatRatio(ratio: number, metric: Pick<MetricDef, "unit" | "better">): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return "—";
  const bytes = metric.unit === "B";
  const good = metric.better === "lower" ? ratio <= 1 : ratio >= 1;
  const factor = ratio >= 1 ? ratio : 1 / ratio;
  if (Math.abs(factor - 1) < 0.005) return bytes ? "same size" : "same speed";
  const word = bytes ? (good ? "smaller" : "larger") : good ? "faster" : "slower";
  return `${sig3(factor)}× ${word}`;
}
