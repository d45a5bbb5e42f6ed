import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lehmer, parseArgs, percentile, warmupSize } from "../src/harness.mjs";

describe("lehmer()", () => {
  it("repeats the same sequence for the same seed, in (0, 1)", () => {
    const a = lehmer(42);
    const b = lehmer(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
  });
  it("is the Park–Miller generator: 48271 × seed mod 2^31 − 1", () => {
    expect(lehmer(1)()).toBe(48271 / 2147483647);
  });

  const python = spawnSync("python3", ["--version"]).status === 0;
  it.skipIf(!python)("draws exactly the numbers harness.py draws, so Python rows get the same delays", () => {
    const src = fileURLToPath(new URL("../src", import.meta.url));
    const out = spawnSync("python3", ["-c", "import harness; r = harness.lehmer(42); print(repr([r() for _ in range(1000)][-3:]))"], {
      cwd: src,
      encoding: "utf8",
    });
    const js = lehmer(42);
    const xs = Array.from({ length: 1000 }, () => js()).slice(-3);
    expect(out.stdout.trim()).toBe(`[${xs.map((x) => String(x)).join(", ")}]`);
  });
});

describe("percentile()", () => {
  it("takes the nearest rank", () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 100)).toBe(100);
  });
});

describe("parseArgs()", () => {
  it("reads --n in both spellings and --quick", () => {
    expect(parseArgs(["--n", "10", "--quick"])).toEqual({ n: 10, quick: true });
    expect(parseArgs(["--n=7"]).n).toBe(7);
  });
  it("refuses a size that is not a positive integer", () => {
    expect(() => parseArgs(["--n", "-3"])).toThrow("--n: expected a positive integer, got -3");
  });
});

describe("warmupSize()", () => {
  it("is a tenth of the size with a floor", () => {
    expect(warmupSize(1_000_000)).toBe(100_000);
    expect(warmupSize(5000)).toBe(1000);
    expect(warmupSize(500, 100)).toBe(100);
  });
});
