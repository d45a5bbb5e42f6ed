import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BENCH_DIR } from "../src/runner.js";
import { SUITE } from "../src/suite.js";

describe("SUITE", () => {
  it("has unique workload ids and, per workload, unique system ids with a script each", () => {
    expect(new Set(SUITE.map((w) => w.id)).size).toBe(SUITE.length);
    for (const w of SUITE) {
      expect(new Set(w.systems.map((s) => s.id)).size, w.id).toBe(w.systems.length);
      for (const s of w.systems) expect(existsSync(join(BENCH_DIR, "src", "workloads", w.id, s.file)), `${w.id}/${s.file}`).toBe(true);
    }
  });

  it("points every target at a row and a metric of its own workload", () => {
    for (const w of SUITE) {
      const systems = new Set(w.systems.map((s) => s.id));
      const metrics = new Set(w.metrics.map((m) => m.key));
      for (const t of w.targets) {
        expect(metrics.has(t.metric), `${w.id}: ${t.text}`).toBe(true);
        const rows = t.kind === "absolute" ? [t.system] : [t.aio, ...t.peers];
        for (const id of rows) expect(systems.has(id), `${w.id}: ${t.text} (${id})`).toBe(true);
      }
    }
  });

  it("gives every row of a soak workload the 1 KB per 100k heap target", () => {
    const soaks = SUITE.filter((w) => w.id.startsWith("soak-"));
    expect(soaks.map((w) => w.id)).toEqual(["soak-failed-tasks", "soak-ops"]);
    for (const w of soaks) {
      for (const s of w.systems) {
        const heap = w.targets.find((t) => t.kind === "absolute" && t.system === s.id && t.metric === "extra.heapBytesPer100k");
        expect(heap?.max, `${w.id}/${s.id}`).toBe(1000);
      }
    }
    const failed = SUITE.find((w) => w.id === "soak-failed-tasks")!;
    for (const s of failed.systems) {
      expect(failed.targets.some((t) => t.kind === "absolute" && t.system === s.id && t.metric === "extra.reportedFraction" && t.min === 1)).toBe(true);
    }
  });
});
