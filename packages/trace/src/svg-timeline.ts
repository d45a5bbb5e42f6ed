// A self-contained SVG timeline of a trace, for a README or a bug report: one lane per task (and
// one per loop for its callbacks and timers), a bar per step, a line per wake-up. Programs that
// sleep spend most of their time idle, which would squeeze every step into a hairline: idle gaps
// longer than a threshold are cut down to a fixed width and marked with the time they lasted.
import { _describe as describe } from "@aio/core";
import type { Lane, Model, Step } from "./model.js";

/**
 * Options for {@link TraceRecorder.toSvg}.
 * @public
 */
export interface SvgOptions {
  /** Width of the picture in pixels (at least 300). @defaultValue 1200 */
  width?: number | undefined;
  /** Shorten idle gaps to a fixed width (marked with how long they were). @defaultValue true */
  compressGaps?: boolean | undefined;
  /**
   * With `compressGaps`, the shortest idle time that is cut, in milliseconds. @defaultValue 2% of
   * the trace's length, and at least 1 ms
   */
  gapThresholdMs?: number | undefined;
  /** A title drawn above the timeline. @defaultValue "\@aio trace" */
  title?: string | undefined;
  /** Draw at most this many wake-up lines (the first ones). @defaultValue 2000 */
  maxFlows?: number | undefined;
}

const LABEL_W = 190;
const LANE_H = 22;
const BAR_H = 14;
const TOP = 60;
const GAP_W = 18;
const MIN_SEGMENT_W = 8;

/** A stretch of time drawn to scale: [t0, t1] in ms maps to [x0, x0 + w]. */
interface Segment {
  t0: number;
  t1: number;
  x0: number;
  w: number;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** `0.042 ms`, `12.5 ms`, `1.250 s`. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}

interface Settings {
  width: number;
  compressGaps: boolean;
  gapThresholdMs: number | null;
  title: string;
  maxFlows: number;
}

function checkOptions(options: SvgOptions | undefined): Settings {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError(`toSvg(options): expected { width?, compressGaps?, gapThresholdMs?, title?, maxFlows? }, got ${describe(options)}`);
  }
  const { width = 1200, compressGaps = true, gapThresholdMs = null, title = "@aio trace", maxFlows = 2000 } = options ?? {};
  const number = (name: string, v: unknown, min: number): void => {
    if (typeof v !== "number") throw new TypeError(`toSvg(options.${name}): expected a number, got ${describe(v)}`);
    if (!(v >= min) || v === Infinity) throw new RangeError(`toSvg(options.${name}): expected a finite number >= ${min}, got ${v}`);
  };
  number("width", width, 300);
  number("maxFlows", maxFlows, 0);
  if (gapThresholdMs !== null) number("gapThresholdMs", gapThresholdMs, 0);
  if (typeof compressGaps !== "boolean") throw new TypeError(`toSvg(options.compressGaps): expected a boolean, got ${describe(compressGaps)}`);
  if (typeof title !== "string") throw new TypeError(`toSvg(options.title): expected a string, got ${describe(title)}`);
  return { width, compressGaps, gapThresholdMs, title, maxFlows };
}

/** The busy stretches of the trace (what is drawn to scale), separated by the idle gaps that are cut. */
function segments(model: Model, plotW: number, compress: boolean, threshold: number | null): Segment[] {
  const span = Math.max(model.end, 1e-6);
  if (!compress) return [{ t0: 0, t1: span, x0: 0, w: plotW }];
  const cut = threshold ?? Math.max(span * 0.02, 1);
  const spans: [number, number][] = model.steps.map((s) => [s.begin, s.end]);
  for (const x of model.loose) spans.push([x.ts, x.ts]);
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = merged.at(-1);
    if (last !== undefined && a - last[1] <= cut) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  if (merged.length === 0) return [{ t0: 0, t1: span, x0: 0, w: plotW }];
  const gaps = merged.length - 1;
  const busy = merged.reduce((sum, [a, b]) => sum + (b - a), 0);
  const free = Math.max(plotW - gaps * GAP_W - merged.length * MIN_SEGMENT_W, 0);
  const out: Segment[] = [];
  let x = 0;
  for (const [a, b] of merged) {
    const w = MIN_SEGMENT_W + (busy > 0 ? ((b - a) / busy) * free : free / merged.length);
    out.push({ t0: a, t1: b, x0: x, w });
    x += w + GAP_W;
  }
  return out;
}

/** x of time `t` (ms): to scale inside a segment; a time in a cut gap maps to the gap's middle. */
function scale(segs: Segment[]): (t: number) => number {
  return (t) => {
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.t0 <= t) lo = mid;
      else hi = mid - 1;
    }
    const s = segs[lo]!;
    if (t <= s.t1 || lo === segs.length - 1) {
      const f = s.t1 > s.t0 ? (Math.min(t, s.t1) - s.t0) / (s.t1 - s.t0) : 0;
      return s.x0 + Math.max(0, f) * s.w;
    }
    return s.x0 + s.w + GAP_W / 2;
  };
}

function color(lane: Lane): string {
  return lane.task === null ? "#8a8f98" : `hsl(${(lane.tid * 47 + 200) % 360} 62% 52%)`;
}

/** @internal The model as an SVG document. */
export function toSvg(model: Model, options?: SvgOptions): string {
  const o = checkOptions(options);
  const lanes = [...model.lanes].sort((a, b) => a.pid - b.pid || a.tid - b.tid);
  const row = new Map<Lane, number>(lanes.map((l, i) => [l, i]));
  const plotW = o.width - LABEL_W - 20;
  const segs = segments(model, plotW, o.compressGaps, o.gapThresholdMs);
  const x = scale(segs);
  const height = TOP + lanes.length * LANE_H + 34;
  const laneY = (l: Lane): number => TOP + row.get(l)! * LANE_H;
  const px = (n: number): string => (Math.round(n * 100) / 100).toString();
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${height}" viewBox="0 0 ${o.width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(
    "<style>.lane-bg{fill:#f4f5f7}.lane-bg.odd{fill:#fff}.label{fill:#222}.step{stroke:#0002;stroke-width:.5}.step.slow{stroke:#d00;stroke-width:1.5}" +
      ".flow{stroke:#5558;stroke-width:.7;fill:none}.gap{stroke:#999;stroke-dasharray:2 2}.gap-label,.tick{fill:#666;font-size:10px}</style>",
  );
  out.push(`<text x="10" y="18" font-size="14" font-weight="600">${escape(o.title)}</text>`);
  const cut = segs.length > 1 ? "; dashed: idle time left out (how long, below)" : "";
  const summary = `${model.steps.length} steps, ${lanes.filter((l) => l.task !== null).length} tasks, ${formatMs(model.end)}` +
    (model.dropped > 0 ? ` (the first ${model.dropped} events were dropped)` : "") +
    ` — bars: steps; curves: wake-ups${cut}`;
  out.push(`<text class="tick" x="10" y="34">${escape(summary)}</text>`);
  const x0 = LABEL_W;
  // Time marks: where each drawn stretch starts, and what each cut gap lasted.
  let lastTick = -Infinity;
  let lastGapLabel = -Infinity;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s.x0 - lastTick >= 70) {
      out.push(`<text class="tick" x="${px(x0 + s.x0)}" y="${TOP - 6}">${escape(formatMs(s.t0))}</text>`);
      lastTick = s.x0;
    }
    const next = segs[i + 1];
    if (next !== undefined) {
      const gx = x0 + s.x0 + s.w + GAP_W / 2;
      out.push(`<line class="gap" x1="${px(gx)}" y1="${TOP}" x2="${px(gx)}" y2="${TOP + lanes.length * LANE_H}"/>`);
      if (gx - lastGapLabel >= 48) {
        out.push(`<text class="gap-label" x="${px(gx)}" y="${TOP + lanes.length * LANE_H + 14}" text-anchor="middle">${escape(formatMs(next.t0 - s.t1))}</text>`);
        lastGapLabel = gx;
      }
    }
  }
  const stepsByLane = new Map<Lane, Step[]>();
  for (const s of model.steps) {
    const list = stepsByLane.get(s.lane);
    if (list === undefined) stepsByLane.set(s.lane, [s]);
    else list.push(s);
  }
  lanes.forEach((lane, i) => {
    const y = laneY(lane);
    out.push(`<g class="lane" data-pid="${lane.pid}" data-tid="${lane.tid}">`);
    out.push(`<rect class="lane-bg${i % 2 ? " odd" : ""}" x="0" y="${y}" width="${o.width}" height="${LANE_H}"/>`);
    const label = model.processes.length > 1 ? `${lane.name} (loop ${lane.pid})` : lane.name;
    out.push(`<text class="label" x="8" y="${y + 15}">${escape(label.length > 28 ? `${label.slice(0, 27)}…` : label)}</text>`);
    for (const s of stepsByLane.get(lane) ?? []) {
      const sx = x0 + x(s.begin);
      const w = Math.max(x0 + x(s.end) - sx, 1);
      const tip = `${s.name} ${formatMs(s.end - s.begin)} at ${formatMs(s.begin)}${s.args.awaits ? `, then awaits ${String(s.args.awaits)}` : ""}`;
      out.push(
        `<rect class="step${s.slow ? " slow" : ""}" x="${px(sx)}" y="${y + (LANE_H - BAR_H) / 2}" width="${px(w)}" height="${BAR_H}" fill="${color(lane)}"><title>${escape(tip)}</title></rect>`,
      );
    }
    out.push("</g>");
  });
  const flows = model.flows.slice(0, o.maxFlows);
  if (flows.length > 0) {
    out.push('<g class="flows">');
    for (const f of flows) {
      const fx = x0 + x(f.fromTs);
      const fy = laneY(f.from.lane) + LANE_H / 2;
      const tx = x0 + x(f.to.begin);
      const ty = laneY(f.to.lane) + LANE_H / 2;
      out.push(`<path class="flow" d="M${px(fx)} ${px(fy)} C${px((fx + tx) / 2)} ${px(fy)} ${px((fx + tx) / 2)} ${px(ty)} ${px(tx)} ${px(ty)}"/>`);
    }
    out.push("</g>");
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
