// NodeHost and MessageChannelHost are exercised in real time (a few ms): that they wake the loop
// is exactly what they are for. Everything else in these tests runs on virtual time.
import { describe, expect, it } from "vitest";
import { EventLoop, ManualHost, MessageChannelHost, NodeHost, type Host } from "@aio/loop";

const hosts: [string, () => Host][] = [
  ["NodeHost", () => new NodeHost()],
  ["MessageChannelHost", () => new MessageChannelHost()],
];

for (const [name, makeHost] of hosts) {
  describe(name, () => {
    it("calls tick in a later macrotask, never synchronously inside request()", async () => {
      const host = makeHost();
      const log: string[] = [];
      const ticked = new Promise<void>((resolve) =>
        host.request(() => {
          log.push("tick");
          resolve();
        }, 0),
      );
      log.push("after request");
      await Promise.resolve();
      log.push("after a microtask");
      await ticked;
      expect(log).toEqual(["after request", "after a microtask", "tick"]);
    });

    it("replaces an earlier request, and cancel() withdraws it", async () => {
      const host = makeHost();
      const log: string[] = [];
      host.request(() => log.push("first"), 0);
      host.request(() => log.push("second"), 0);
      host.request(() => log.push("timer"), 1);
      host.cancel();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(log).toEqual([]);
      await new Promise<void>((resolve) => host.request(() => (log.push("last"), resolve()), 0));
      expect(log).toEqual(["last"]);
    });

    it("does not wake early for a timer beyond setTimeout's 24.8-day limit (it would be clamped to 1 ms)", async () => {
      const host = makeHost();
      const warnings: Error[] = [];
      const onWarning = (w: Error): void => void warnings.push(w);
      process.on("warning", onWarning);
      let ticks = 0;
      try {
        host.request(() => ticks++, 30 * 86_400_000);
        await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        host.cancel();
        process.off("warning", onWarning);
      }
      expect(ticks).toBe(0);
      expect(warnings.map((w) => w.name)).not.toContain("TimeoutOverflowWarning");
    });

    it("waits at least the requested delay", async () => {
      const host = makeHost();
      const t0 = performance.now();
      const elapsed = await new Promise<number>((resolve) => host.request(() => resolve(performance.now() - t0), 3));
      expect(elapsed).toBeGreaterThanOrEqual(2.5);
    });

    it("wakes a real-time loop for a timer, and for callSoon() from a promise callback outside any turn", async () => {
      const loop = new EventLoop({ host: makeHost() });
      const log: string[] = [];
      const t0 = loop.time();
      loop.callLater(0.005, () => {
        log.push("timer");
        // After this turn the loop sits idle with nothing scheduled: only a wake-up from
        // outside (a resolved promise here) can make it run again.
        setTimeout(() => {
          void Promise.resolve().then(() =>
            loop.callSoon(() => {
              log.push("soon");
              loop.stop();
            }),
          );
        }, 2);
      });
      await loop.runForever();
      expect(log).toEqual(["timer", "soon"]);
      expect(loop.time() - t0).toBeGreaterThanOrEqual(0.005);
      loop.close();
    });
  });
}

describe("ManualHost", () => {
  it("holds the pending request until fire() runs it", () => {
    const host = new ManualHost();
    const log: number[] = [];
    expect(host.pending).toBeNull();
    expect(host.fire()).toBe(false);
    host.request(() => log.push(1), 25);
    expect(host.pending?.delay).toBe(25);
    expect(log).toEqual([]);
    expect(host.fire()).toBe(true);
    expect(log).toEqual([1]);
    expect(host.pending).toBeNull();
  });

  it("keeps only the latest request, and cancel() drops it", () => {
    const host = new ManualHost();
    const log: string[] = [];
    host.request(() => log.push("old"), 0);
    host.request(() => log.push("new"), 5);
    host.fire();
    expect(log).toEqual(["new"]);
    host.request(() => log.push("dropped"), 0);
    host.cancel();
    expect(host.fire()).toBe(false);
    expect(log).toEqual(["new"]);
  });

  it("lets a test step a loop one host turn at a time", async () => {
    const host = new ManualHost();
    const loop = new EventLoop({ host });
    const log: string[] = [];
    const done = loop.runForever();
    loop.callSoon(() => log.push("a"));
    expect(log).toEqual([]);
    host.fire();
    expect(log).toEqual(["a"]);
    loop.stop();
    host.fire();
    await done;
    loop.close();
  });
});
