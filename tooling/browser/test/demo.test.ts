// The demo page (demo/), built with Vite, loaded in headless Chromium and read: the seed programs'
// output in both styles, the worker pool's table and canvas, and a screenshot that is not blank.
import { describe, expect, it } from "vitest";
import { runDemo, type DemoRun } from "../src/demo.ts";

const demo: DemoRun = await runDemo();

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("the demo page", () => {
  it("runs to the end without an error on the page", () => {
    expect(demo.errors).toEqual([]);
    expect(demo.status).toBe("done");
  });

  it("prints the seed programs, each in both coroutine styles", () => {
    const log = demo.log;
    for (const title of ["say_after awaited in sequence", "say_after as two tasks", "Cancelling a task", "gather", "waitFor"]) {
      expect(log).toContain(title);
    }
    expect(log.match(/-- async functions --/g)).toHaveLength(5);
    expect(log.match(/-- generator coroutines --/g)).toHaveLength(5);
    // say_after: 3 s in sequence, 2 s as tasks (on the loops' clocks).
    const times = [...log.matchAll(/(started|finished) at (\d\d):(\d\d):(\d\d)/g)].map((m) => Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]));
    const spans = [];
    for (let i = 0; i + 1 < times.length; i += 2) spans.push((times[i + 1]! - times[i]! + 86_400) % 86_400);
    // The log shows whole seconds, so a span reads one more when it starts late in a second.
    expect(spans).toHaveLength(4);
    for (const span of spans.slice(0, 2)) expect([3, 4]).toContain(span);
    for (const span of spans.slice(2)) expect([2, 3]).toContain(span);
    expect(log).toContain("cancelMe(): cancel sleep");
    expect(log).toContain('results in argument order: ["slow","fast"]');
    expect(log).toContain("timeout!");
    expect(log).toMatch(/All 5 seed programs ran in both styles/);
  });

  it("draws the Mandelbrot set with the worker pool and counts the primes below 300000 (25997)", () => {
    expect(demo.canvasColours).toBeGreaterThan(20);
    expect(demo.workers.length).toBeGreaterThanOrEqual(1);
    const strips = demo.workers.reduce((s, row) => s + Number(row[1]), 0);
    const primes = demo.workers.reduce((s, row) => s + Number(row[3]), 0);
    expect(strips).toBe(20);
    expect(primes).toBe(25997);
    expect(demo.note).toMatch(/^20 strips on \d workers .* 25997 primes below 300000/);
  });

  it("takes a screenshot that is a real picture of the page", () => {
    const { width, height } = pngSize(demo.screenshot);
    expect(width).toBeGreaterThan(500);
    expect(height).toBeGreaterThan(500);
    expect(demo.screenshot.length).toBeGreaterThan(20_000); // a blank page compresses to a few KB
  });
});
