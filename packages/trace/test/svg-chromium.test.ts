/// <reference lib="dom" />
// The SVG timeline rendered by a real browser: Debian's Chromium (on PATH; never downloaded),
// driven by playwright-core. The page parses the SVG, then draws it onto a canvas and reads the
// pixels back: each lane's bars must be painted in that lane's colour, in the lane's own row.
// Skipped when Chromium is not installed (apt-get install -y chromium).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { TestLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { gather, sleep } from "@aio/combinators";
import { TraceRecorder } from "@aio/trace";

const chromiumPath = ["chromium", "chromium-browser"]
  .map((name) => spawnSync("which", [name], { encoding: "utf8" }))
  .find((r) => r.status === 0)
  ?.stdout.trim();

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** What the page reports about the rendered SVG. */
interface Rendered {
  parseError: string | null;
  lanes: { name: string; top: number; bottom: number }[];
  bars: { lane: string; x: number; y: number; w: number; h: number; fill: number[]; painted: number[] }[];
}

describe.skipIf(chromiumPath === undefined)("the SVG timeline in Chromium", () => {
  it("parses, draws a row per lane, and paints each step bar in its lane's colour and row", async () => {
    const rec = new TraceRecorder({
      now: (() => {
        let t = 0;
        return () => (t += 5);
      })(),
    });
    const loop = new TestLoop();
    loop.setTraceRecorder(rec);
    await loop.runUntilComplete(function* (): Coroutine<void> {
      const workers = [1, 2, 3].map((i) =>
        createTask(function* (): Coroutine<void> {
          for (let k = 0; k < i; k++) yield* sleep(1);
        }, { name: `worker-${i}` }),
      );
      yield* gather(workers);
    });
    const svg = rec.toSvg({ width: 900, maxFlows: 0 });
    const steps = rec.toChromeTrace().traceEvents.filter((e) => e.ph === "B").length;

    const { chromium } = await import("playwright-core");
    const profile = mkdtempSync(join(tmpdir(), "aio-trace-chromium-"));
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath!, headless: true, args: FLAGS });
    try {
      const page = await context.newPage();
      const rendered = (await page.evaluate(async (text: string) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        const error = doc.querySelector("parsererror");
        if (error !== null) return { parseError: error.textContent, lanes: [], bars: [] };
        const host = document.createElement("div");
        host.appendChild(document.importNode(doc.documentElement, true));
        document.body.style.margin = "0";
        document.body.appendChild(host);
        const root = host.querySelector("svg")!;
        const canvas = document.createElement("canvas");
        canvas.width = Number(root.getAttribute("width"));
        canvas.height = Number(root.getAttribute("height"));
        const img = new Image();
        img.src = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
        await img.decode();
        const ctx = canvas.getContext("2d")!;
        ctx.drawImage(img, 0, 0);
        const rgb = (color: string): number[] => {
          const probe = document.createElement("canvas").getContext("2d")!;
          probe.fillStyle = color;
          probe.fillRect(0, 0, 1, 1);
          return [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)];
        };
        const lanes = [...root.querySelectorAll("g.lane")].map((g) => {
          const bg = g.querySelector("rect.lane-bg")!;
          const top = Number(bg.getAttribute("y"));
          return { name: g.querySelector("text.label")!.textContent!, top, bottom: top + Number(bg.getAttribute("height")) };
        });
        const bars = [...root.querySelectorAll("g.lane")].flatMap((g) =>
          [...g.querySelectorAll("rect.step")].map((r) => {
            const x = Number(r.getAttribute("x"));
            const y = Number(r.getAttribute("y"));
            const w = Number(r.getAttribute("width"));
            const h = Number(r.getAttribute("height"));
            const painted = [...ctx.getImageData(Math.floor(x + w / 2), Math.floor(y + h / 2), 1, 1).data.slice(0, 3)];
            return { lane: g.querySelector("text.label")!.textContent!, x, y, w, h, fill: rgb(r.getAttribute("fill")!), painted };
          }),
        );
        return { parseError: null, lanes, bars };
      }, svg)) as Rendered;
      expect(rendered.parseError).toBe(null);
      expect(rendered.lanes.map((l) => l.name).filter((n) => n.startsWith("worker"))).toEqual(["worker-1", "worker-2", "worker-3"]);
      expect(rendered.bars.length).toBe(steps);
      // worker-i sleeps i times: i + 1 steps.
      for (let i = 1; i <= 3; i++) expect(rendered.bars.filter((b) => b.lane === `worker-${i}`).length).toBe(i + 1);
      expect(rendered.bars.filter((b) => b.w >= 3).length).toBeGreaterThan(steps / 2);
      for (const bar of rendered.bars) {
        const lane = rendered.lanes.find((l) => l.name === bar.lane)!;
        expect(bar.y >= lane.top && bar.y + bar.h <= lane.bottom, `${bar.lane} bar inside its row`).toBe(true);
        // Bars of at least 3 px are sampled in their middle: the pixel is the lane's colour.
        if (bar.w >= 3) {
          const off = bar.painted.map((c, k) => Math.abs(c - bar.fill[k]!));
          expect(Math.max(...off), `${bar.lane} bar colour`).toBeLessThanOrEqual(8);
        }
      }
      // Rows do not overlap.
      const rows = [...rendered.lanes].sort((a, b) => a.top - b.top);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.top).toBeGreaterThanOrEqual(rows[i - 1]!.bottom);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
