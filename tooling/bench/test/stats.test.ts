import { describe, expect, it } from "vitest";
import { allRatios, evaluateTarget, median, metricValue, ratioOf, summarize } from "../src/stats.js";
import { NS, skipped, system } from "./fixtures.js";

describe("median()", () => {
  it("takes the middle value of an odd count, whatever the input order", () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it("averages the two middle values of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it("is NaN for an empty list", () => {
    expect(median([])).toBeNaN();
  });
  it("sorts numerically, not as strings", () => {
    expect(median([10, 9, 100])).toBe(10);
  });
});

describe("summarize()", () => {
  it("reports median, min, max and count of the finite values only", () => {
    expect(summarize([3, NaN, 1, Infinity, 2])).toEqual({ median: 2, min: 1, max: 3, count: 3 });
  });
  it("returns null when no value is finite", () => {
    expect(summarize([NaN])).toBeNull();
  });
});

describe("metricValue()", () => {
  const line = { workload: "w", system: "s", n: 1, seconds: 2, nsPerOp: 3, peakRssBytes: 4, extra: { p99: 5, name: "x" } };
  it("reads top-level fields and extra.<name>", () => {
    expect(metricValue(line, "seconds")).toBe(2);
    expect(metricValue(line, "extra.p99")).toBe(5);
  });
  it("is NaN for a missing or non-numeric field", () => {
    expect(metricValue(line, "extra.missing")).toBeNaN();
    expect(metricValue(line, "extra.name")).toBeNaN();
  });
});

describe("ratioOf()", () => {
  it("divides the medians and ranges the per-repetition ratios", () => {
    const aio = system("aio", [10, 20, 30], { aio: true });
    const peer = system("peer", [100, 50, 300]);
    const r = ratioOf(aio, peer, "nsPerOp")!;
    expect(r.ratio).toBeCloseTo(20 / 100);
    expect(r.pairedMin).toBeCloseTo(0.1);
    expect(r.pairedMax).toBeCloseTo(0.4);
  });
  it("is null when a side has no numbers for the metric", () => {
    expect(ratioOf(system("a", [1], { aio: true }), system("b", [1]), "extra.none")).toBeNull();
  });
});

describe("allRatios()", () => {
  it("pairs every @aio row with every successful non-@aio row, never @aio with @aio", () => {
    const rows = [system("a1", [1], { aio: true }), system("a2", [2], { aio: true }), system("p", [4]), skipped("q", "not built")];
    const pairs = allRatios(rows, [NS]).map((r) => `${r.aio}/${r.peer}`);
    expect(pairs).toEqual(["a1/p", "a2/p"]);
  });
  it("keeps only the peers an @aio row names in compareWith", () => {
    const rows = [system("a", [1], { aio: true }), system("p", [4]), system("q", [8])];
    const pairs = allRatios(rows, [NS], (id) => (id === "a" ? ["q"] : undefined)).map((r) => r.peer);
    expect(pairs).toEqual(["q"]);
  });
  it("computes ratios for the first metric and for metrics that ask for them", () => {
    const rows = [system("a", [1], { aio: true, extra: [{ x: 1, y: 2 }] }), system("p", [2], { extra: [{ x: 4, y: 8 }] })];
    const metrics = [NS, { ...NS, key: "extra.x", ratios: true }, { ...NS, key: "extra.y" }];
    expect(allRatios(rows, metrics).map((r) => r.metric)).toEqual(["nsPerOp", "extra.x"]);
  });
});

describe("evaluateTarget()", () => {
  const rows = [system("aio", [10], { aio: true }), system("slow", [1000]), system("fast", [40]), skipped("gone", "python3 not found")];

  it("passes a ratio target when @aio ÷ peer is within the bound", () => {
    const t = evaluateTarget({ kind: "ratio", text: "20× faster", metric: "nsPerOp", aio: "aio", peers: ["slow"], max: 1 / 20 }, rows);
    expect(t.status).toBe("pass");
    expect(t.value).toBeCloseTo(0.01);
    expect(t.peer).toBe("slow");
  });
  it("misses when the ratio is outside the bound", () => {
    const t = evaluateTarget({ kind: "ratio", text: "5× faster", metric: "nsPerOp", aio: "aio", peers: ["fast"], max: 0.2 }, rows);
    expect(t.status).toBe("miss");
    expect(t.value).toBeCloseTo(0.25);
  });
  it("compares against the best of several peers", () => {
    const t = evaluateTarget({ kind: "ratio", text: "t", metric: "nsPerOp", aio: "aio", peers: ["slow", "fast"], max: 1 }, rows);
    expect(t.peer).toBe("fast");
  });
  it("is n/a (never a miss) when the peer row did not run, and says why", () => {
    const t = evaluateTarget({ kind: "ratio", text: "t", metric: "nsPerOp", aio: "aio", peers: ["gone"], max: 1 }, rows);
    expect(t.status).toBe("n/a");
    expect(t.detail).toContain("gone");
  });
  it("is n/a when the @aio row was skipped, quoting its note", () => {
    const t = evaluateTarget(
      { kind: "ratio", text: "t", metric: "nsPerOp", aio: "x", peers: ["slow"], max: 1 },
      [skipped("x", "@aio/queue not built", true), ...rows],
    );
    expect(t.status).toBe("n/a");
    expect(t.detail).toContain("@aio/queue not built");
  });
  it("checks an absolute lower bound on a higher-is-better metric", () => {
    const speedup = [system("aio", [1], { aio: true, extra: [{ speedup: 1.5 }] })];
    const t = evaluateTarget({ kind: "absolute", text: "t", metric: "extra.speedup", system: "aio", min: 1.8 }, speedup, "higher");
    expect(t.status).toBe("miss");
    expect(t.value).toBe(1.5);
  });
});
