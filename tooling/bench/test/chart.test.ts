import { describe, expect, it } from "vitest";
import { barText, chartRows, decades, renderChart, tickText, xml } from "../src/chart.js";
import { buildWorkloadResult } from "../src/run-suite.js";
import type { WorkloadDef } from "../src/types.js";
import { NS, system } from "./fixtures.js";

const def: WorkloadDef = {
  id: "demo",
  title: "demo",
  op: "op",
  n: 1,
  quickN: 1,
  metrics: [NS],
  systems: [],
  targets: [{ kind: "ratio", text: "20× faster", metric: "nsPerOp", aio: "aio", peers: ["py"], max: 1 / 20 }],
};
const result = buildWorkloadResult(
  def,
  [system("aio", [50], { aio: true }), system("py", [2000]), system("node", [25])],
  { mode: "full", reps: 1 },
);

describe("decades()", () => {
  it("covers the range with powers of ten and always includes 1", () => {
    expect(decades(0.3, 40)).toEqual([0.1, 1, 10, 100]);
    expect(decades(2, 5)).toEqual([1, 10]);
  });
});

describe("chartRows()", () => {
  it("turns each @aio ÷ peer ratio into an advantage (peer ÷ @aio) for a lower-is-better metric", () => {
    const rows = chartRows([result]);
    expect(rows.map((r) => [r.label, r.advantage])).toEqual([
      ["AIO vs PY", 40],
      ["AIO vs NODE", 0.5],
    ]);
  });
  it("places the target where the bound puts the advantage", () => {
    const [py, node] = chartRows([result]);
    expect(py!.target).toBeCloseTo(20);
    expect(node!.target).toBeUndefined();
  });
});

describe("renderChart()", () => {
  const svg = renderChart([result]);
  it("is one SVG document with a bar per ratio, green when @aio wins and red when it loses", () => {
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg.match(/class="good"/g)).toHaveLength(1);
    expect(svg.match(/class="bad"/g)).toHaveLength(1);
    expect(svg).toContain("40.0× faster");
    expect(svg).toContain("2.00× slower");
  });
  it("draws the target tick", () => {
    expect(svg).toContain('class="target"');
  });
  it("says so when there is nothing to draw", () => {
    expect(renderChart([])).toContain("no @aio ratios");
  });
});

describe("barText()", () => {
  it("states the advantage in words, inverted for a losing bar", () => {
    expect(barText({ advantage: 9.45, bytes: false })).toBe("9.45× faster");
    expect(barText({ advantage: 0.25, bytes: true })).toBe("4.00× larger");
  });
});

describe("tickText()", () => {
  it("writes powers of ten without trailing zeros", () => {
    expect([0.01, 0.1, 1, 10, 1000].map(tickText)).toEqual(["0.01", "0.1", "1", "10", "1000"]);
  });
});

describe("xml()", () => {
  it("escapes markup characters", () => {
    expect(xml(`a<b & "c">`)).toBe("a&lt;b &amp; &quot;c&quot;&gt;");
  });
});
