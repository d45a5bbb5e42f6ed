// The README's "Composing a loop from a clock and a host" example, checked line by line.
import { describe, expect, it } from "vitest";
import { EventLoop, ManualHost, VirtualClock, type Host } from "@aio/loop";

describe("README: composing a loop from a clock and a host", () => {
  it("asks its host for one wake-up at a time, for the earliest deadline", async () => {
    const out: string[] = [];
    const log = (line: string): void => void out.push(line);

    class LoggingHost implements Host {
      readonly manual = new ManualHost();
      request(tick: () => void, delay: number): void {
        log(`wake me in ${delay} ms`);
        this.manual.request(tick, delay);
      }
      cancel(): void {
        this.manual.cancel();
      }
    }

    const clock = new VirtualClock();
    const host = new LoggingHost();
    const loop = new EventLoop({ clock, host });

    const running = loop.runForever();
    expect(out).toEqual([]);
    loop.callLater(5, () => log(`timer at t=${loop.time()}`));
    loop.callLater(9, () => log("later"));
    expect(out).toEqual(["wake me in 5000 ms"]);
    clock.set(5);
    host.manual.fire();
    expect(out).toEqual(["wake me in 5000 ms", "timer at t=5", "wake me in 4000 ms"]);
    loop.stop();
    host.manual.fire();
    await running;
    loop.close();
    expect(out).toEqual(["wake me in 5000 ms", "timer at t=5", "wake me in 4000 ms", "wake me in 0 ms"]);
  });
});
