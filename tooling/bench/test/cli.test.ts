import { describe, expect, it } from "vitest";
import { parseCli } from "../src/cli.js";
import { mergeLatest, reevaluate, stamp } from "../src/results.js";
import { runProblems } from "../src/run-suite.js";
import { selectWorkloads } from "../src/suite.js";
import type { RunFile, WorkloadResult } from "../src/types.js";
import { skipped, system } from "./fixtures.js";

describe("parseCli()", () => {
  it("reads --quick, --only lists (repeatable, with or without '='), --reps and --check", () => {
    expect(parseCli(["--quick", "--only", "timers,call-soon", "--only=ping-pong", "--reps", "5", "--check"])).toEqual({
      quick: true,
      only: ["timers", "call-soon", "ping-pong"],
      reps: 5,
      check: true,
      render: false,
      help: false,
    });
  });
  it("refuses a bad --reps, naming the flag and the value", () => {
    expect(() => parseCli(["--reps", "0"])).toThrow("--reps: expected an integer >= 1, got 0");
  });
  it("refuses an unknown flag", () => {
    expect(() => parseCli(["--fast"])).toThrow("unknown flag --fast");
  });
});

describe("selectWorkloads()", () => {
  it("keeps suite order and refuses an unknown id with the list of known ones", () => {
    expect(selectWorkloads(["timers", "call-soon"]).map((w) => w.id)).toEqual(["call-soon", "timers"]);
    expect(() => selectWorkloads(["nope"])).toThrow(/unknown workload "nope" \(known: call-soon/);
  });
});

const workload = (id: string, generatedAt: string, systems = [system("a", [1])]): WorkloadResult => ({
  id,
  title: id,
  op: "op",
  generatedAt,
  mode: "full",
  reps: 1,
  metrics: [],
  systems,
  ratios: [],
  targets: [],
});
const run = (workloads: WorkloadResult[]): RunFile => ({
  generatedAt: "t",
  mode: "full",
  argv: [],
  machine: { node: "v20", platform: "linux", cpus: 2, cpuModel: "x", python: {} },
  workloads,
});

describe("mergeLatest()", () => {
  it("replaces the workloads that ran, keeps the others, and orders them as the suite does", () => {
    const previous = run([workload("timers", "old"), workload("call-soon", "old")]);
    const merged = mergeLatest(previous, run([workload("timers", "new"), workload("executor", "new")]));
    expect(merged.workloads.map((w) => `${w.id}@${w.generatedAt}`)).toEqual(["call-soon@old", "timers@new", "executor@new"]);
  });
});

describe("stamp()", () => {
  it("makes a file-name-safe timestamp", () => {
    expect(stamp("2024-05-01T10:20:30.123Z")).toBe("20240501-102030");
  });
});

describe("runProblems()", () => {
  it("ignores skipped rows but reports failed runs and workloads without numbers", () => {
    const failed = { ...skipped("b", "exit 1"), status: "failed" as const, samples: [{ rep: 1, ok: false as const, wallSeconds: 1, error: "exit 1" }] };
    expect(runProblems([workload("x", "t", [system("a", [1]), skipped("q", "not built")])])).toEqual([]);
    expect(runProblems([workload("y", "t", [failed])])).toEqual(["y/b: exit 1", "y: produced no numbers"]);
  });
});

describe("reevaluate()", () => {
  it("recomputes stats from the samples and takes n from what the script reported", () => {
    const stored = system("aio", [10, 30, 20], { aio: true });
    const stale = { ...stored, n: 5, stats: {} };
    const w = { ...workload("virtual-time", "t", [stale]), reps: 3 };
    const out = reevaluate(run([w])).workloads[0]!;
    expect(out.systems[0]!.n).toBe(1000);
    expect(out.systems[0]!.stats.nsPerOp!.median).toBe(20);
    expect(out.generatedAt).toBe("t");
  });
});
