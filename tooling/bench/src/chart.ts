// A hand-written SVG bar chart of the @aio ÷ peer ratios, on a log scale centred on 1×.
// Each bar is the @aio advantage on the workload's first metric: peer ÷ @aio for a
// lower-is-better metric, so bars to the right of 1× mean @aio is faster (or smaller).
import { sig3 } from "./format.js";
import type { WorkloadResult } from "./types.js";

export interface ChartRow {
  workload: string;
  label: string;
  /** The @aio advantage (> 1 = @aio better). */
  advantage: number;
  /** Where the target puts the bar's end, as an advantage (undefined when no target). */
  target?: number;
  /** True for byte metrics (the words are smaller / larger instead of faster / slower). */
  bytes: boolean;
}

/** The rows the chart draws: one per @aio row × peer on the workload's first metric. */
export function chartRows(results: readonly WorkloadResult[]): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const w of results) {
    const metric = w.metrics[0];
    if (!metric) continue;
    const label = (id: string): string => w.systems.find((s) => s.id === id)?.label ?? id;
    for (const r of w.ratios) {
      if (r.metric !== metric.key || !(r.ratio > 0) || !Number.isFinite(r.ratio)) continue;
      const advantage = metric.better === "lower" ? 1 / r.ratio : r.ratio;
      const target = w.targets.find(
        (t) => t.kind === "ratio" && t.system === r.aio && t.peer === r.peer && t.metric === r.metric,
      );
      const limit = target?.max ?? target?.min;
      rows.push({
        workload: w.id,
        label: `${label(r.aio)} vs ${label(r.peer)}`,
        advantage,
        bytes: metric.unit === "B",
        ...(limit !== undefined && limit > 0 ? { target: metric.better === "lower" ? 1 / limit : limit } : {}),
      });
    }
  }
  return rows;
}

/** `1e-2` → `0.01`, `1000` → `1000`: tick labels without trailing zeros. */
export function tickText(t: number): string {
  return t >= 1 ? String(Math.round(t)) : String(Number(t.toPrecision(1)));
}

/** The words at a bar's end: `9.45× faster`, `5.59× slower`, `2.00× smaller`. */
export function barText(row: Pick<ChartRow, "advantage" | "bytes">): string {
  const good = row.advantage >= 1;
  const factor = good ? row.advantage : 1 / row.advantage;
  const word = row.bytes ? (good ? "smaller" : "larger") : good ? "faster" : "slower";
  return `${sig3(factor)}× ${word}`;
}

/** Escapes text for SVG. */
export function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Powers of ten covering [lo, hi], always including 1. */
export function decades(lo: number, hi: number): number[] {
  const from = Math.floor(Math.log10(Math.min(lo, 1)));
  const to = Math.ceil(Math.log10(Math.max(hi, 1)));
  const out: number[] = [];
  for (let e = from; e <= to; e++) out.push(10 ** e);
  return out;
}

/** The whole chart as an SVG document. */
export function renderChart(results: readonly WorkloadResult[], title = "@aio advantage per workload (peer ÷ @aio, log scale)"): string {
  const rows = chartRows(results);
  // About 6.3 px per character at 11.5 px; the label column grows with the longest label.
  const left = Math.max(200, Math.ceil(Math.max(0, ...rows.map((r) => r.label.length)) * 6.3) + 24);
  const width = left + 600;
  const right = 70;
  const rowH = 20;
  const groupH = 26;
  const top = 56;
  const values = rows.flatMap((r) => (r.target ? [r.advantage, r.target] : [r.advantage]));
  const ticks = decades(Math.max(1e-3, Math.min(0.5, ...values)), Math.min(1e5, Math.max(2, ...values)));
  const lo = Math.log10(ticks[0]!);
  const hi = Math.log10(ticks[ticks.length - 1]!);
  const x = (v: number): number => left + ((Math.log10(Math.min(Math.max(v, ticks[0]!), ticks[ticks.length - 1]!)) - lo) / (hi - lo)) * (width - left - right);

  const body: string[] = [];
  let y = top;
  let current = "";
  for (const row of rows) {
    if (row.workload !== current) {
      current = row.workload;
      y += 6;
      body.push(`<text x="10" y="${y + 14}" class="group">${xml(current)}</text>`);
      y += groupH - 6;
    }
    const x1 = x(1);
    const x2 = x(row.advantage);
    const good = row.advantage >= 1;
    body.push(`<text x="${left - 8}" y="${y + 14}" class="label" text-anchor="end">${xml(row.label)}</text>`);
    body.push(
      `<rect x="${Math.min(x1, x2).toFixed(1)}" y="${y + 3}" width="${Math.max(1, Math.abs(x2 - x1)).toFixed(1)}" height="${rowH - 6}" class="${good ? "good" : "bad"}"/>`,
    );
    if (row.target !== undefined) {
      const tx = x(row.target);
      body.push(`<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${y + 1}" y2="${y + rowH - 1}" class="target"><title>target ${xml(sig3(row.target))}×</title></line>`);
    }
    // The words always go right of the bar's right end (for a losing bar: right of 1×), so they
    // never run into the label column.
    body.push(`<text x="${(Math.max(x1, x2) + 4).toFixed(1)}" y="${y + 14}" class="value">${xml(barText(row))}</text>`);
    y += rowH;
  }
  const height = y + 40;
  const grid = ticks
    .map((t) => {
      const gx = x(t).toFixed(1);
      return `<line x1="${gx}" x2="${gx}" y1="${top - 6}" y2="${y}" class="${t === 1 ? "one" : "grid"}"/><text x="${gx}" y="${top - 10}" class="tick" text-anchor="middle">${xml(`${tickText(t)}×`)}</text>`;
    })
    .join("\n");
  const empty = rows.length === 0 ? `<text x="${left}" y="${top + 20}" class="label">no @aio ratios in these results</text>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">
<style>
.group { font-size: 13px; font-weight: 600; fill: #222; }
.label, .value { font-size: 11.5px; fill: #333; }
.tick { font-size: 11px; fill: #555; }
.grid { stroke: #ddd; stroke-width: 1; }
.one { stroke: #555; stroke-width: 1.5; }
.good { fill: #3a8f5c; }
.bad { fill: #c0504d; }
.target { stroke: #111; stroke-width: 2.5; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="15" font-weight="600">${xml(title)}</text>
${grid}
${body.join("\n")}
${empty}
<text x="10" y="${height - 14}" class="tick">Bars right of 1× (green): @aio faster or smaller than that peer; left (red): slower or larger. Black tick: the PERFORMANCE.md target.</text>
</svg>
`;
}
