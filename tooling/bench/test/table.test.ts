import { describe, expect, it } from "vitest";
import { buildWorkloadResult } from "../src/run-suite.js";
import { renderMarkdownTable, renderTable, renderWorkloadMarkdown, renderWorkloadText } from "../src/table.js";
import type { WorkloadDef } from "../src/types.js";
import { NS, skipped, system } from "./fixtures.js";

describe("renderTable()", () => {
  it("pads every column to its widest cell and right-aligns the asked columns", () => {
    const text = renderTable(["name", "ns"], [["a", "5"], ["long name", "12345"]], [false, true]);
    expect(text.split("\n")).toEqual(["name          ns", "---------  -----", "a              5", "long name  12345"]);
  });
});

describe("renderMarkdownTable()", () => {
  it("escapes pipes and marks right-aligned columns", () => {
    expect(renderMarkdownTable(["a|b", "n"], [["x", "1"]], [false, true])).toBe("| a\\|b | n |\n|---|---:|\n| x | 1 |");
  });
});

const def: WorkloadDef = {
  id: "demo",
  title: "a demo workload",
  op: "op",
  n: 1000,
  quickN: 10,
  metrics: [NS],
  systems: [],
  targets: [
    { kind: "ratio", text: "10× faster than peer", metric: "nsPerOp", aio: "aio", peers: ["peer"], max: 0.1 },
    { kind: "ratio", text: "no slower than queue", metric: "nsPerOp", aio: "queue", peers: ["peer"], max: 1 },
  ],
};
const result = buildWorkloadResult(
  def,
  [system("aio", [10, 12, 11], { aio: true }), skipped("queue", "@aio/queue not built", true), system("peer", [200, 210, 190])],
  { mode: "full", reps: 3, generatedAt: "2024-01-01T00:00:00.000Z" },
);

describe("renderWorkloadText()", () => {
  const text = renderWorkloadText(result);
  it("shows medians with their range and marks skipped rows", () => {
    expect(text).toContain("11.0 ns");
    expect(text).toContain("10.0–12.0 ns");
    expect(text).toMatch(/QUEUE\s+skipped/);
  });
  it("states each ratio in words", () => {
    expect(text).toContain("AIO ÷ PEER, ns/op: 0.0550 (18.2× faster)");
  });
  it("prints pass, and n/a with the reason for a row that did not run", () => {
    expect(text).toContain("PASS  10× faster than peer");
    expect(text).toContain("N/A   no slower than queue — no queue numbers (@aio/queue not built)");
  });
});

describe("renderWorkloadMarkdown()", () => {
  it("renders the same content as a markdown table with bold statuses", () => {
    const md = renderWorkloadMarkdown(result);
    expect(md).toContain("| AIO | 11.0 ns | 10.0–12.0 ns |");
    expect(md).toContain("**PASS** 10× faster than peer");
    expect(md).toContain("Ratios (@aio ÷ peer");
  });
  it("can leave the ratio list out", () => {
    expect(renderWorkloadMarkdown(result, { ratios: false })).not.toContain("Ratios (@aio ÷ peer");
  });
});
