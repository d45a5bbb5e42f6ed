// Checks shared by the trace tests: the Trace Event format's rules, and a small XML
// well-formedness check for the SVG (no parser dependency: tags must nest and attributes be quoted).
import type { ChromeTrace, TraceEvent } from "@aio/trace";

/** A clock for deterministic traces: each reading is 1 ms after the previous one. */
export function counterClock(): () => number {
  let t = 0;
  return () => ++t;
}

/**
 * What is wrong with a trace, as a list of sentences (empty: valid): every B has its E on the same
 * thread, properly nested; timestamps never go back on a thread; every flow start `s` has one end
 * `f` with the same id, no earlier, and both lie inside a slice of their thread; every thread used
 * is named.
 */
export function traceProblems(trace: ChromeTrace): string[] {
  const problems: string[] = [];
  const threads = new Map<string, { open: TraceEvent[]; last: number }>();
  const named = new Set<string>();
  const starts = new Map<number, TraceEvent>();
  const ends = new Map<number, TraceEvent>();
  for (const e of trace.traceEvents) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === "M") {
      if (e.name === "thread_name") named.add(key);
      continue;
    }
    if (e.ph === "C") continue;
    if (!named.has(key)) problems.push(`thread ${key} has no thread_name`);
    const th = threads.get(key) ?? { open: [], last: -Infinity };
    threads.set(key, th);
    if (typeof e.ts !== "number" || !Number.isFinite(e.ts)) problems.push(`${e.ph} ${e.name} has no timestamp`);
    else if (e.ts < th.last) problems.push(`time goes back on ${key}: ${e.ph} ${e.name} at ${e.ts} after ${th.last}`);
    th.last = e.ts ?? th.last;
    if (e.ph === "B") th.open.push(e);
    else if (e.ph === "E") {
      const b = th.open.pop();
      if (b === undefined) problems.push(`E ${e.name} at ${e.ts} on ${key} without a B`);
      else if (b.name !== e.name) problems.push(`E ${e.name} closes B ${b.name} on ${key}`);
    } else if (e.ph === "s" || e.ph === "f") {
      if (th.open.length === 0) problems.push(`flow ${e.ph} ${e.id} at ${e.ts} on ${key} is outside every slice`);
      const map = e.ph === "s" ? starts : ends;
      if (map.has(e.id!)) problems.push(`flow ${e.ph} ${e.id} appears twice`);
      map.set(e.id!, e);
    }
  }
  for (const [key, th] of threads) for (const b of th.open) problems.push(`B ${b.name} at ${b.ts} on ${key} has no E`);
  for (const [id, s] of starts) {
    const f = ends.get(id);
    if (f === undefined) problems.push(`flow ${id} starts but never ends`);
    else if (f.ts! < s.ts!) problems.push(`flow ${id} ends before it starts`);
  }
  for (const id of ends.keys()) if (!starts.has(id)) problems.push(`flow ${id} ends but never starts`);
  return problems;
}

/** The slices (B events) of each thread, by thread name. */
export function slicesByThread(trace: ChromeTrace): Map<string, TraceEvent[]> {
  const names = new Map<string, string>();
  for (const e of trace.traceEvents) if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, String(e.args!.name));
  const out = new Map<string, TraceEvent[]>();
  for (const e of trace.traceEvents) {
    if (e.ph !== "B") continue;
    const name = names.get(`${e.pid}:${e.tid}`)!;
    out.set(name, [...(out.get(name) ?? []), e]);
  }
  return out;
}

/** Throws unless `xml` is well-formed (one root, nested tags, quoted attributes, known entities). */
export function checkWellFormed(xml: string): { elements: { name: string; attrs: Record<string, string> }[] } {
  const elements: { name: string; attrs: Record<string, string> }[] = [];
  const stack: string[] = [];
  let roots = 0;
  const TOKEN = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)|(<)/g;
  for (const m of xml.matchAll(TOKEN)) {
    if (m[6] !== undefined) throw new Error(`stray "<" at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      if (stack.length === 0 && m[5].trim() !== "") throw new Error(`text outside the root: ${m[5].slice(0, 40)}`);
      const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+);)/.exec(m[5]);
      if (bad) throw new Error(`bad entity in text at ${m.index}`);
      continue;
    }
    if (m[2] === undefined) continue; // a comment
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      if (a[1]! in attrs) throw new Error(`attribute ${a[1]} twice on <${name}>`);
      attrs[a[1]!] = a[2]!;
    }
    elements.push({ name: name!, attrs });
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(name!);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
  return { elements };
}
