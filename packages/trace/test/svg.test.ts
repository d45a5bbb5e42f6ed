// The SVG timeline: well-formed, one lane per traced lane, one bar per step, idle gaps cut.
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { gather, sleep } from "@aio/combinators";
import { TraceRecorder } from "@aio/trace";
import { checkWellFormed, counterClock } from "./helpers.js";

async function traced(now: () => number = counterClock()): Promise<TraceRecorder> {
  const rec = new TraceRecorder({ now });
  const loop = new TestLoop();
  loop.setTraceRecorder(rec);
  await loop.runUntilComplete(function* (): Coroutine<void> {
    const a = createTask(function* (): Coroutine<void> {
      yield* sleep(1);
      yield* sleep(1);
    }, { name: "a <&> 'quoted'" });
    const b = createTask(async () => {
      await sleep(2);
    }, { name: "b" });
    yield* gather([a, b]);
  });
  return rec;
}

describe("TraceRecorder.toSvg()", () => {
  it("is well-formed XML with a lane per task and a bar per step", async () => {
    const rec = await traced();
    const svg = rec.toSvg();
    const { elements } = checkWellFormed(svg);
    const trace = rec.toChromeTrace();
    const lanes = trace.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name");
    const steps = trace.traceEvents.filter((e) => e.ph === "B");
    expect(elements[0]!.name).toBe("svg");
    expect(elements[0]!.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
    expect(elements.filter((e) => e.name === "g" && e.attrs.class === "lane").length).toBe(lanes.length);
    expect(elements.filter((e) => e.name === "rect" && /^step\b/.test(e.attrs.class ?? "")).length).toBe(steps.length);
    expect(lanes.length).toBe(4); // main, a, b, the loop's timers
    // Names are escaped, not dropped.
    expect(svg).toContain("a &lt;&amp;&gt; &apos;quoted&apos;");
    // Every bar is inside the picture.
    const width = Number(elements[0]!.attrs.width);
    for (const r of elements.filter((e) => e.name === "rect" && e.attrs.class?.startsWith("step"))) {
      expect(Number(r.attrs.x)).toBeGreaterThanOrEqual(0);
      expect(Number(r.attrs.x) + Number(r.attrs.width)).toBeLessThanOrEqual(width);
    }
  });

  it("cuts long idle gaps and labels them; draws time to scale with compressGaps: false", async () => {
    // Steps take 1 ms; each sleep(1) is idle for a second of this fake clock.
    let t = 0;
    let idle = false;
    const rec = await traced(() => {
      t += idle ? 1000 : 1;
      idle = !idle;
      return t;
    });
    const cut = checkWellFormed(rec.toSvg()).elements;
    const gaps = cut.filter((e) => e.name === "line" && e.attrs.class === "gap");
    expect(gaps.length).toBeGreaterThan(0);
    const linear = checkWellFormed(rec.toSvg({ compressGaps: false })).elements;
    expect(linear.filter((e) => e.attrs.class === "gap").length).toBe(0);
    // Cut, the steps are wider than drawn to scale.
    const widths = (els: typeof cut): number => els.filter((e) => e.attrs.class?.startsWith("step")).reduce((s, e) => s + Number(e.attrs.width), 0);
    expect(widths(cut)).toBeGreaterThan(widths(linear));
  });

  it("takes a title and a width, and an empty recorder still gives a valid picture", async () => {
    const rec = await traced();
    const svg = rec.toSvg({ title: "demo: <run>", width: 800, maxFlows: 0 });
    const { elements } = checkWellFormed(svg);
    expect(elements[0]!.attrs.width).toBe("800");
    expect(svg).toContain("demo: &lt;run&gt;");
    expect(elements.some((e) => e.attrs.class === "flow")).toBe(false);
    const empty = checkWellFormed(new TraceRecorder().toSvg()).elements;
    expect(empty.filter((e) => e.attrs.class === "lane").length).toBe(0);
  });

  it("refuses bad options, naming them", async () => {
    const rec = new TraceRecorder();
    expect(() => rec.toSvg(5 as never)).toThrow("toSvg(options): expected { width?, compressGaps?, gapThresholdMs?, title?, maxFlows? }, got 5 (number)");
    expect(() => rec.toSvg({ width: 100 })).toThrow("toSvg(options.width): expected a finite number >= 300, got 100");
    expect(() => rec.toSvg({ width: "wide" as never })).toThrow(TypeError);
    expect(() => rec.toSvg({ compressGaps: 1 as never })).toThrow("toSvg(options.compressGaps): expected a boolean");
    expect(() => rec.toSvg({ gapThresholdMs: Number.NaN })).toThrow(RangeError);
    expect(() => rec.toSvg({ title: null as never })).toThrow("toSvg(options.title): expected a string");
  });
});
