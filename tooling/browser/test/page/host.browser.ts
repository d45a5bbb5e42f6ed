// MessageChannelHost and the default host, on a real page (run by test/conformance.test.ts).
// Real time: every assertion is about order or about "never early", which the host guarantees by
// reading performance.now(); none depends on how precise the browser's timers are.
import { describe, expect, it } from "vitest";
import { EventLoop, MessageChannelHost, TestLoop, run } from "@aio/loop";
import { sleep } from "@aio/combinators";
import { getRunningLoop } from "@aio/core";

const macrotask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe("the default host on a page", () => {
  it("is a MessageChannelHost for new EventLoop() and TestLoop", () => {
    const loop = new EventLoop();
    const test = new TestLoop();
    expect((loop as unknown as { _host: unknown })._host).toBeInstanceOf(MessageChannelHost);
    expect((test as unknown as { _host: unknown })._host).toBeInstanceOf(MessageChannelHost);
    loop.close();
    test.close();
  });

  it("run() sleeps on real time, in both coroutine styles", async () => {
    const asyncStyle = await run(async () => {
      const loop = getRunningLoop();
      const t0 = loop.time();
      await sleep(0.02);
      return loop.time() - t0;
    });
    const generatorStyle = await run(function* () {
      const loop = getRunningLoop();
      const t0 = loop.time();
      yield* sleep(0.02);
      return loop.time() - t0;
    });
    expect(asyncStyle).toBeGreaterThanOrEqual(0.02);
    expect(generatorStyle).toBeGreaterThanOrEqual(0.02);
  });
});

describe("loop.runInExecutor(null, ...) on a page", () => {
  it("fails the future with an error that says how to set a default executor in a browser", async () => {
    const error = await run(async () => {
      try {
        await getRunningLoop().runInExecutor(null, () => 1);
        return null;
      } catch (e) {
        return e as Error;
      }
    });
    expect(error?.message).toMatch(/in a browser: loop\.setDefaultExecutor\(new WebWorkerExecutor\(\)\) from @aio\/executor-web/);
  });
});

describe("MessageChannelHost", () => {
  it("request(tick, 0) ticks from a fresh macrotask, after pending microtasks", async () => {
    const host = new MessageChannelHost();
    const order: string[] = [];
    host.request(() => order.push("tick"), 0);
    void Promise.resolve().then(() => order.push("microtask"));
    order.push("sync");
    while (order.length < 3) await macrotask();
    expect(order).toEqual(["sync", "microtask", "tick"]);
  });

  it("never ticks before the delay has passed by performance.now()", async () => {
    const host = new MessageChannelHost();
    for (const delay of [1, 4, 15]) {
      const asked = performance.now();
      const at = await new Promise<number>((resolve) => host.request(() => resolve(performance.now()), delay));
      expect(at - asked).toBeGreaterThanOrEqual(delay);
    }
  });

  it("cancel() withdraws a pending request of either kind; a new request replaces the old one", async () => {
    const host = new MessageChannelHost();
    const ticks: string[] = [];
    host.request(() => ticks.push("soon"), 0);
    host.cancel();
    host.request(() => ticks.push("timer"), 5);
    host.cancel();
    host.request(() => ticks.push("first"), 5);
    host.request(() => ticks.push("second"), 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(ticks).toEqual(["second"]);
  });

  for (const event of ["visibilitychange", "resume"]) {
    it(`re-arms a throttled timer when the page comes back (${event})`, async () => {
      // A hidden tab's timer may fire a minute late: here the host's first setTimeout is held back
      // by an hour, as a throttled one would be; when the page comes back, the host re-arms it from
      // its deadline and the loop wakes on time.
      const host = new MessageChannelHost();
      const realSetTimeout = globalThis.setTimeout;
      const held: number[] = [];
      globalThis.setTimeout = ((fn: () => void, _ms?: number) => {
        const id = realSetTimeout(fn, 3_600_000);
        held.push(id as unknown as number);
        return id;
      }) as typeof setTimeout;
      let ticked = false;
      try {
        host.request(() => (ticked = true), 10);
      } finally {
        globalThis.setTimeout = realSetTimeout;
      }
      expect(held).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 30));
      expect(ticked).toBe(false); // still held back
      document.dispatchEvent(new Event(event));
      await new Promise((r) => setTimeout(r, 30));
      expect(ticked).toBe(true);
      for (const id of held) clearTimeout(id);
      host.cancel();
    });
  }
});
