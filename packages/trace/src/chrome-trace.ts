// Chrome's Trace Event format (the "JSON Object Format"), which Perfetto and chrome://tracing
// read: each loop is a process, each task a thread (plus thread 0 for the loop's callbacks and
// timers), each step a B/E pair, each wake-up an s/f flow pair, loop lag a counter.
import type { Model, Step } from "./model.js";

/**
 * One event of a {@link ChromeTrace} (Chrome's Trace Event format).
 * @public
 */
export interface TraceEvent {
  /** Phase: `B`/`E` begin and end of a slice, `i` instant, `s`/`f` flow start and end, `C` counter, `M` metadata. */
  ph: "B" | "E" | "i" | "s" | "f" | "C" | "M";
  /** Name of the slice, flow, counter or metadata record. */
  name: string;
  /** Category. */
  cat?: string;
  /** The process: one per event loop. */
  pid: number;
  /** The thread: one per task, 0 for the loop's callbacks and timers. */
  tid?: number;
  /** Timestamp in microseconds from the start of the trace. */
  ts?: number;
  /** Flow id (`s` and `f`). */
  id?: number;
  /** Binding point of a flow end: `e`, the enclosing slice. */
  bp?: "e";
  /** Scope of an instant: `t`, its thread. */
  s?: "t";
  /** A reserved color name (slow steps are `terrible`). */
  cname?: string;
  /** Free-form details. */
  args?: Record<string, unknown>;
}

/**
 * A trace in Chrome's Trace Event format (JSON object form): `JSON.stringify` it to a `.json` file
 * and open it in Perfetto (ui.perfetto.dev) or `chrome://tracing`.
 * @public
 */
export interface ChromeTrace {
  /** The events, sorted by timestamp (metadata first). */
  traceEvents: TraceEvent[];
  /** How the viewers show times: `ms`. */
  displayTimeUnit: "ms";
  /** What produced the trace, and how many events the recorder dropped. */
  otherData: { producer: string; droppedEvents: number };
}

const CAT = "aio";

/** Microseconds, rounded to a nanosecond so the JSON stays short. */
function us(ms: number): number {
  return Math.round(ms * 1e6) / 1e3;
}

function stepEvents(step: Step, out: TraceEvent[]): void {
  const { pid, tid } = step.lane;
  const begin = us(step.begin);
  const end = us(step.end);
  const b: TraceEvent = { ph: "B", name: step.name, cat: CAT, pid, tid, ts: begin };
  if (step.slow) b.cname = "terrible";
  out.push(b);
  if (step.flowIn !== null) out.push({ ph: "f", bp: "e", name: "wake-up", cat: CAT, pid, tid, ts: begin, id: step.flowIn });
  for (const id of step.flowsOut) out.push({ ph: "s", name: "wake-up", cat: CAT, pid, tid, ts: begin, id });
  for (const x of step.instants) {
    out.push({ ph: "i", s: "t", name: x.name, cat: CAT, pid, tid, ts: Math.min(Math.max(us(x.ts), begin), end), args: x.args });
  }
  const e: TraceEvent = { ph: "E", name: step.name, cat: CAT, pid, tid, ts: end };
  if (Object.keys(step.args).length > 0) e.args = step.args;
  out.push(e);
}

/** @internal The model in Chrome's format. */
export function toChromeTrace(model: Model): ChromeTrace {
  const meta: TraceEvent[] = [];
  for (const p of model.processes) meta.push({ ph: "M", name: "process_name", pid: p.pid, args: { name: p.name } });
  for (const lane of model.lanes) {
    meta.push({ ph: "M", name: "thread_name", pid: lane.pid, tid: lane.tid, args: { name: lane.name } });
    meta.push({ ph: "M", name: "thread_sort_index", pid: lane.pid, tid: lane.tid, args: { sort_index: lane.tid } });
  }
  // Each lane's events are produced in order (a lane's steps never overlap, and everything inside
  // a step lies between its B and E); a stable sort by time then keeps every lane in order.
  const events: TraceEvent[] = [];
  for (const step of model.steps) stepEvents(step, events);
  for (const x of model.loose) {
    events.push({ ph: "i", s: "t", name: x.name, cat: CAT, pid: x.lane.pid, tid: x.lane.tid, ts: us(x.ts), args: x.args });
  }
  for (const c of model.counters) events.push({ ph: "C", name: "loop lag (ms)", cat: CAT, pid: c.pid, ts: us(c.ts), args: { lag: c.lagMs } });
  events.sort((a, b) => a.ts! - b.ts!); // Array#sort is stable
  return {
    traceEvents: [...meta, ...events],
    displayTimeUnit: "ms",
    otherData: { producer: "@aio/trace", droppedEvents: model.dropped },
  };
}
