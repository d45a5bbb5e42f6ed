import { describe, expect, it } from "vitest";
import { formatBytes, formatNs, formatRange, formatRatio, formatValue, sig3, thousands } from "../src/format.js";

describe("sig3()", () => {
  it("keeps three significant digits without exponents", () => {
    expect(sig3(0.012345)).toBe("0.0123");
    expect(sig3(1.2345)).toBe("1.23");
    expect(sig3(12.345)).toBe("12.3");
    expect(sig3(123.45)).toBe("123");
    expect(sig3(12345.6)).toBe("12346");
    expect(sig3(0)).toBe("0");
  });
});

describe("thousands()", () => {
  it("groups digits by three", () => {
    expect(thousands(1234567)).toBe("1,234,567");
    expect(thousands(999)).toBe("999");
  });
});

describe("formatNs()", () => {
  it("picks the unit by magnitude", () => {
    expect(formatNs(345)).toBe("345 ns");
    expect(formatNs(1234)).toBe("1.23 µs");
    expect(formatNs(12_345_678)).toBe("12.3 ms");
    expect(formatNs(2.5e9)).toBe("2.50 s");
  });
  it("shows a dash for a missing value", () => {
    expect(formatNs(NaN)).toBe("—");
  });
});

describe("formatBytes()", () => {
  it("writes small counts in bytes and large ones in powers of 1000", () => {
    expect(formatBytes(408)).toBe("408 B");
    expect(formatBytes(1370)).toBe("1,370 B");
    expect(formatBytes(12_800)).toBe("12.8 KB");
    expect(formatBytes(171_000_000)).toBe("171 MB");
  });
});

describe("formatValue()", () => {
  it("converts ms and s metrics through nanoseconds", () => {
    expect(formatValue(88, "ms")).toBe("88.0 ms");
    expect(formatValue(0.5, "s")).toBe("500 ms");
    expect(formatValue(1.83, "x")).toBe("1.83×");
  });
});

describe("formatRange()", () => {
  it("writes the shared unit once", () => {
    expect(formatRange(300, 350, "ns")).toBe("300–350 ns");
  });
  it("keeps both units when they differ", () => {
    expect(formatRange(900, 1200, "ns")).toBe("900 ns–1.20 µs");
  });
});

describe("formatRatio()", () => {
  const time = { unit: "ns", better: "lower" } as const;
  it("turns a ratio below 1 into 'faster'", () => {
    expect(formatRatio(0.05, time)).toBe("20.0× faster");
  });
  it("turns a ratio above 1 into 'slower'", () => {
    expect(formatRatio(1.3, time)).toBe("1.30× slower");
  });
  it("speaks of size for byte metrics", () => {
    expect(formatRatio(0.5, { unit: "B", better: "lower" })).toBe("2.00× smaller");
    expect(formatRatio(2, { unit: "B", better: "lower" })).toBe("2.00× larger");
  });
  it("flips the words for higher-is-better metrics", () => {
    expect(formatRatio(2, { unit: "x", better: "higher" })).toBe("2.00× faster");
  });
  it("calls a ratio of 1 a tie", () => {
    expect(formatRatio(1.001, time)).toBe("same speed");
  });
});
