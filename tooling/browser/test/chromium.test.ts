// Without Debian's chromium on PATH the browser tests fail at once, saying how to install it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CHROMIUM_FLAGS, findChromium } from "../src/chromium.ts";

const savedPath = process.env["PATH"];
afterEach(() => {
  process.env["PATH"] = savedPath;
});

describe("findChromium()", () => {
  it("finds chromium on PATH when it is installed", () => {
    expect(findChromium()).toMatch(/chromium(-browser)?$/);
  });

  it("throws an error that says how to install it when PATH has no chromium", () => {
    const empty = mkdtempSync(join(tmpdir(), "aio-no-chromium-"));
    try {
      process.env["PATH"] = empty;
      expect(() => findChromium()).toThrow(/^Chromium is not installed: the browser tests need Debian's chromium on PATH\. .*apt-get install -y chromium/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("launches with the fixed flags, headless and without network chatter", () => {
    expect(CHROMIUM_FLAGS).toEqual([
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ]);
  });
});
