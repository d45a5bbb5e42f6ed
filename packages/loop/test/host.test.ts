// NodeHost and MessageChannelHost are exercised in real time (a few ms): that they wake the loop
// is exactly what they are for. Everything else in these tests runs on virtual time.
import { describe, expect, it } from "vitest";
import { EventLoop, ManualHost, MessageChannelHost, NodeHost, VirtualClock, monotonicClock, type Host, type TimerHandle } from "@aio/loop";

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

    it("drives a loop that never runs a timer before its deadline by the loop's own clock", async () => {
      // Node's timers may fire up to about 1 ms early (libuv counts whole milliseconds); the loop
      // re-arms when woken early, so by its clock a timer is never early. That is what is checked.
      const loop = new EventLoop({ host: makeHost() });
      const lateness: number[] = [];
      await loop.runUntilComplete(async () => {
        for (const delay of [0.001, 0.002, 0.003, 0.0025]) {
          const done = loop.createFuture<void>();
          const handle = loop.callLater(delay, () => {
            lateness.push(loop.time() - handle.when());
            done.setResult();
          });
          await done;
        }
      });
      loop.close();
      expect(lateness).toHaveLength(4);
      for (const late of lateness) expect(late).toBeGreaterThanOrEqual(-monotonicClock.resolution);
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

describe("a host that wakes the loop too early", () => {
  // Deterministic version of what real timers do now and then: every request, whatever its delay,
  // is answered in the next macrotask, after only 1 ms of the loop's (virtual) clock. The loop must
  // see that nothing is due yet and ask again.
  class EarlyHost implements Host {
    private immediate: ReturnType<typeof setImmediate> | null = null;
    wakeUps = 0;
    constructor(private readonly clock: VirtualClock) {}
    request(tick: () => void, _delay: number): void {
      this.cancel();
      this.immediate = setImmediate(() => {
        this.immediate = null;
        this.wakeUps++;
        this.clock.set(this.clock.now() + 0.001);
        tick();
      });
    }
    cancel(): void {
      if (this.immediate !== null) clearImmediate(this.immediate);
      this.immediate = null;
    }
  }

  it("runs each timer only once its deadline has passed, however often it is woken before", async () => {
    const clock = new VirtualClock();
    const host = new EarlyHost(clock);
    const loop = new EventLoop({ host, clock });
    const seen: [string, number][] = [];
    await loop.runUntilComplete(async () => {
      const done = loop.createFuture<void>();
      const a: TimerHandle = loop.callLater(0.004, () => seen.push(["a", loop.time() - a.when()]));
      const b: TimerHandle = loop.callLater(0.002, () => seen.push(["b", loop.time() - b.when()]));
      loop.callLater(0.005, () => done.setResult());
      await done;
    });
    loop.close();
    expect(seen.map(([name]) => name)).toEqual(["b", "a"]);
    for (const [, late] of seen) expect(late).toBeGreaterThanOrEqual(0); // never before its deadline
    expect(host.wakeUps).toBe(5); // woken at 1, 2, 3, 4 and 5 ms, asking again each time
  });
});

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
