// The bundle-size script measures every row (no timing, no size limit: the numbers go to the README).
import { describe, expect, it } from "vitest";
import { SIZE_ENTRIES, measureSizes, sizesTable } from "../src/sizes.ts";

describe("measureSizes()", () => {
  it("bundles every row for the browser and gives its minified and gzipped size", async () => {
    const rows = await measureSizes();
    expect(rows.map((r) => r.label)).toEqual(SIZE_ENTRIES.map((e) => e.label));
    for (const row of rows) {
      expect(row.min, row.label).toBeGreaterThan(1000);
      expect(row.gzip, row.label).toBeGreaterThan(100);
      expect(row.gzip, row.label).toBeLessThan(row.min);
    }
    // Tree shaking works through the packages' exports: a program ships less than everything.
    const size = (prefix: string) => rows.find((r) => r.label.startsWith(prefix))!.min;
    expect(size("@aio/asyncio, a typical program")).toBeLessThan(size("@aio/asyncio, the umbrella"));
    expect(sizesTable(rows).split("\n")).toHaveLength(rows.length + 2);
  });
});
