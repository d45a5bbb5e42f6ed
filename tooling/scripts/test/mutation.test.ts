import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { mutationProjects, packageConfig } from "@aio/tooling-config/vitest";
import { concurrency, formatScores, scoreOf, strykerOptions } from "../src/mutation.js";

const packages = resolve(dirname(fileURLToPath(import.meta.url)), "../../../packages");

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

describe("pnpm mutation: how a package's tests run under Stryker", () => {
  const saved = process.env.AIO_MUTATION;
  afterEach(() => {
    if (saved === undefined) delete process.env.AIO_MUTATION;
    else process.env.AIO_MUTATION = saved;
  });

  it("changes nothing outside mutation testing", () => {
    delete process.env.AIO_MUTATION;
    expect(mutationProjects(["test/runner.test.ts"], ["test/event-loop.test.ts"], join(packages, "loop"))).toEqual({});
  });

  it("shares modules between a run's test files when no file needs otherwise", () => {
    process.env.AIO_MUTATION = "1";
    expect(mutationProjects([], [], join(packages, "core"))).toEqual({ isolate: false });
  });

  it("puts each listed file in exactly one project: shared, isolated (fresh modules) or main-thread (forks)", () => {
    process.env.AIO_MUTATION = "1";
    const mainThread = ["test/runner.test.ts"];
    const isolated = ["test/event-loop.test.ts", "test/host-page.test.ts"];
    const { projects } = mutationProjects(mainThread, isolated, join(packages, "loop"));
    const byName = new Map(projects!.map((p) => [(p as { test: { name: string } }).test.name, p as { test: { isolate?: boolean; exclude: string[] }; plugins?: unknown[] }]));
    expect([...byName.keys()]).toEqual(["shared", "isolated", "main-thread"]);
    expect(byName.get("shared")!.test).toMatchObject({ isolate: false, exclude: [...mainThread, ...isolated] });
    const isolatedExcludes = byName.get("isolated")!.test.exclude;
    expect(byName.get("isolated")!.test.isolate).toBe(true);
    expect(isolatedExcludes).toContain("test/runner.test.ts");
    expect(isolatedExcludes).toContain("test/timer-heap.test.ts");
    expect(isolatedExcludes.filter((f) => isolated.includes(f))).toEqual([]);
    const mainExcludes = byName.get("main-thread")!.test.exclude;
    expect(mainExcludes).toContain("test/event-loop.test.ts");
    expect(mainExcludes).not.toContain("test/runner.test.ts");
    expect(byName.get("main-thread")!.plugins).toHaveLength(1);
  });

  it("fails a test that waits forever after 2 s under mutation testing (instead of Stryker restarting its runner), 10 s otherwise", () => {
    delete process.env.AIO_MUTATION;
    expect(packageConfig().test).toMatchObject({ testTimeout: 10_000, hookTimeout: 10_000 });
    expect(packageConfig({ testTimeout: 30_000 }).test?.testTimeout).toBe(30_000);
    process.env.AIO_MUTATION = "1";
    expect(packageConfig({ testTimeout: 30_000 }).test).toMatchObject({ testTimeout: 2_000, hookTimeout: 2_000, isolate: false });
  });

  it("type-checks mutants against the sources alone where a package has tsconfig.mutation.json", () => {
    expect(strykerOptions("task", join(packages, "task")).tsconfigFile).toBe("tsconfig.mutation.json");
    expect(strykerOptions("sync", join(packages, "sync")).tsconfigFile).toBe("tsconfig.test.json");
  });
});
