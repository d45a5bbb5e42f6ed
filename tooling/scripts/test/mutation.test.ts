import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { concurrency, formatScores, scoreOf } from "../src/mutation.js";

describe("pnpm mutation: scores", () => {
  const results = [
    ...Array.from({ length: 6 }, () => ({ status: "Killed" })),
    { status: "Timeout" },
    { status: "Survived" },
    { status: "NoCoverage" },
    { status: "Ignored" },
    { status: "CompileError" },
  ];

  it("counts killed and timed-out mutants over the valid ones, and over the covered ones", () => {
    expect(scoreOf("loop", results, 90)).toEqual({
      name: "loop",
      mutants: 11,
      killed: 6,
      timeout: 1,
      survived: 1,
      noCoverage: 1,
      ignored: 1,
      errors: 1,
      score: 77.8, // 7 of 9
      coveredScore: 87.5, // 7 of 8
      seconds: 90,
    });
  });

  it("scores a package with no valid mutant as 100 %", () => {
    const s = scoreOf("empty", [{ status: "CompileError" }], 1);
    expect([s.score, s.coveredScore, s.errors]).toEqual([100, 100, 1]);
  });

  it("writes one table row per package, with the date, commit, runners and total time above it", () => {
    const text = formatScores([scoreOf("core", results, 150), scoreOf("loop", results, 200)], "2026-12-06", "abc1234", 2);
    expect(text.split("\n")).toEqual([
      "Measured 2026-12-06 on commit abc1234 (`pnpm mutation`, StrykerJS 9.6.1, vitest runner, TypeScript checker, 2 test runners): 6 min in all.",
      "",
      "| package | mutants | killed | timeout | survived | no coverage | ignored | score | covered score | time |",
      "|---|---|---|---|---|---|---|---|---|---|",
      "| core | 11 | 6 | 1 | 1 | 1 | 1 | 77.8 % | 87.5 % | 3 min |",
      "| loop | 11 | 6 | 1 | 1 | 1 | 1 | 77.8 % | 87.5 % | 3 min |",
      "",
    ]);
  });
});

describe("pnpm mutation: AIO_MUTATION_CONCURRENCY", () => {
  it("starts one test runner per core unless told otherwise", () => {
    expect(concurrency({})).toBe(availableParallelism());
    expect(concurrency({ AIO_MUTATION_CONCURRENCY: "" })).toBe(availableParallelism());
    expect(concurrency({ AIO_MUTATION_CONCURRENCY: "3" })).toBe(3);
  });

  it("refuses a count that is not a whole number of at least 1, naming the variable", () => {
    for (const bad of ["0", "-1", "1.5", "two"]) {
      expect(() => concurrency({ AIO_MUTATION_CONCURRENCY: bad })).toThrow(
        new RangeError(`AIO_MUTATION_CONCURRENCY must be a whole number of at least 1, got ${JSON.stringify(bad)}`),
      );
    }
  });
});
