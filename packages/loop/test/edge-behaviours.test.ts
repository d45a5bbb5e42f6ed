// Behaviours that no other test pinned down (found by mutation testing): each test names what must hold.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Future } from "@aio/future";
import { EventLoop, TestLoop } from "@aio/loop";
import { TinyExecutor } from "./executor-fixtures.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("timers after the heap drops most of its cancelled entries", () => {
  const keeps: [string, (when: number) => boolean][] = [
    ["every 4th", (w) => w % 4 === 0],
    ["every 4th, shifted", (w) => w % 4 === 3],
    ["the latest quarter", (w) => w > 300],
    ["a band in the middle", (w) => w > 150 && w <= 250],
  ];
  for (const [label, keep] of keeps) {
    it(`still fire in deadline order (${label} kept)`, async () => {
      const loop = new TestLoop();
      const fired: number[] = [];
      const handles = [];
      // A deterministic shuffle of 400 deadlines; most are cancelled, so purge() rebuilds the heap.
      for (let i = 0; i < 400; i++) {
        const when = ((i * 7919) % 400) + 1;
        handles.push({ when, h: loop.callAt(when, () => fired.push(when)) });
      }
      for (const { when, h } of handles) if (!keep(when)) h.cancel();
      await loop.runUntilComplete(async () => {
        const done = new Future<void>({ loop });
        loop.callAt(1000, () => done.setResult());
        await done;
      });
      const expected = handles.map((x) => x.when).filter(keep).sort((a, b) => a - b);
      expect(fired).toEqual(expected);
      expect(fired.length).toBeGreaterThanOrEqual(100);
    });
  }
});

describe("a callback that reschedules itself forever", () => {
  it("still lets host timers run: the loop yields to the host between turns", async () => {
    const loop = new EventLoop();
    let spins = 0;
    const spin = (): void => {
      spins++;
      loop.callSoon(spin);
    };
    loop.callSoon(spin);
    // A plain Node timer, outside the loop: it can only fire if the loop gives the host a turn.
    setTimeout(() => loop.stop(), 5);
    await loop.runForever();
    expect(spins).toBeGreaterThan(1);
    loop.close();
  });
});

describe("runUntilComplete() ended by stop()", () => {
  it("rejects, and leaves no stop callback on the future for a later run", async () => {
    const loop = new TestLoop();
    const fut = new Future<number>({ loop });
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(fut)).rejects.toThrow("Event loop stopped before Future completed.");
    const log: number[] = [];
    loop.callLater(1, () => fut.setResult(1));
    loop.callLater(2, () => log.push(loop.time()));
    loop.callLater(3, () => loop.stop());
    await loop.runForever();
    // Had runUntilComplete left its stop callback, completing fut at 1 would have stopped the loop there.
    expect(log).toEqual([2]);
    expect(loop.time()).toBe(3);
  });
});

describe("debug mode", () => {
  it("passes callback arguments through, one or several, and reports their errors", async () => {
    const loop = new TestLoop({ debug: true });
    const reports: string[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx.message));
    const got: unknown[][] = [];
    loop.callSoon((a: number) => got.push([a]), 1);
    loop.callSoon((a: number, b: string) => got.push([a, b]), 2, "x");
    loop.callSoon(() => got.push([]));
    loop.callLater(1, (a: string) => got.push([a]), "timer");
    loop.callSoon(function failing(): void {
      throw new Error("bad");
    });
    loop.runUntilIdle();
    loop.advance(1);
    expect(got).toEqual([[1], [2, "x"], [], ["timer"]]);
    expect(reports).toEqual(["Exception in callback failing()"]);
  });

  it("warns about a slow callback by name, and not about fast ones", () => {
    const loop = new TestLoop({ debug: true });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    loop.slowCallbackDuration = 0.005;
    loop.callSoon(function quick(): void {});
    loop.callSoon(function slowOne(): void {
      const end = performance.now() + 10;
      while (performance.now() < end) {
        /* busy */
      }
    });
    loop.runUntilIdle();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^Executing <Handle slowOne\(\)> took \d+\.\d{3} seconds$/);
  });

  it("is off by default and setDebug() switches it", () => {
    const loop = new TestLoop();
    expect(loop.getDebug()).toBe(false);
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    expect(String(loop)).toContain("debug=true");
  });
});

describe("runInExecutor() when the job ends late", () => {
  it("a job that finishes after its future was cancelled changes nothing and reports nothing", async () => {
    const loop = new TestLoop();
    const reports: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
    const ex = new TinyExecutor();
    const fut = loop.runInExecutor(ex, () => 1);
    const cf = ex.jobs[0]!.cf;
    cf.state = "running"; // already running: cancel() cannot stop it
    fut.cancel();
    loop.runUntilIdle();
    cf.complete("finished", 1);
    loop.runUntilIdle();
    expect(fut.cancelled()).toBe(true);
    expect(reports).toEqual([]);
  });

  it("a job that finishes after the loop closed schedules nothing and throws nothing", () => {
    const loop = new TestLoop();
    const ex = new TinyExecutor();
    const fut = loop.runInExecutor(ex, () => 1);
    loop.close();
    expect(() => ex.runAll()).not.toThrow();
    expect(fut.done()).toBe(false);
  });
});

describe("the first turn of runForever()", () => {
  it("lets promise reactions queued by its caller run before a TestLoop jumps time", async () => {
    const loop = new TestLoop();
    const seen: number[] = [];
    void Promise.resolve().then(() => seen.push(loop.time()));
    const fut = new Future<void>({ loop });
    loop.callLater(5, () => fut.setResult());
    await loop.runUntilComplete(fut);
    expect(seen).toEqual([0]);
  });
});
