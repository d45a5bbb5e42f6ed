// "Future exception was never retrieved": reported when a failed, unread future is collected.
// The tests force collection with V8's gc(), exposed at run time, then give the
// FinalizationRegistry a few macrotasks to call back.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { ExceptionContext } from "@aio/core";
import { Future } from "@aio/future";
import { TestLoop } from "@aio/loop";
import { macrotask } from "./helpers.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage until `until()` holds or `rounds` macrotasks have passed. */
async function collect(until: () => boolean, rounds = 10): Promise<void> {
  for (let i = 0; i < rounds && !until(); i++) {
    gc();
    await macrotask();
  }
}

/** A loop whose exception handler records what it is given. */
function recordingLoop(): { loop: TestLoop; reports: ExceptionContext[] } {
  const loop = new TestLoop();
  const reports: ExceptionContext[] = [];
  loop.setExceptionHandler((_l, ctx) => reports.push(ctx));
  return { loop, reports };
}

// Each helper builds its future in its own frame, so nothing keeps it alive afterwards.
function dropFailed(loop: TestLoop, error: unknown): void {
  new Future<number>({ loop }).setException(error);
}

describe('"Future exception was never retrieved"', () => {
  it("is reported through loop.callExceptionHandler when a failed, unread future is collected", async () => {
    const { loop, reports } = recordingLoop();
    const err = new Error("nobody looked");
    dropFailed(loop, err);
    await collect(() => reports.length > 0);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toBe("Future exception was never retrieved");
    expect(reports[0]!.exception).toBe(err);
    expect(reports[0]!.future_repr).toBe('<Future finished exception=Error("nobody looked")>');
  });

  it("goes to the default exception handler (console.error) when none is set", async () => {
    const loop = new TestLoop();
    const printed: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void printed.push(args.join(" "));
    try {
      dropFailed(loop, new Error("printed"));
      await collect(() => printed.length > 0);
    } finally {
      console.error = original;
    }
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain("Future exception was never retrieved");
    expect(printed[0]).toContain("Error: printed");
  });

  it("is not reported when the exception was read, the future cancelled, or it succeeded", async () => {
    const { loop, reports } = recordingLoop();
    // Control: one failed, unread future, so we know collection did happen.
    dropFailed(loop, new Error("control"));
    (() => {
      const read = new Future<number>({ loop });
      read.setException(new Error("read with exception()"));
      read.exception();
      const readResult = new Future<number>({ loop });
      readResult.setException(new Error("read with result()"));
      try {
        readResult.result();
      } catch {
        /* expected */
      }
      const cancelledAfter = new Future<number>({ loop });
      cancelledAfter.setException(new Error("cancel() clears the flag"));
      cancelledAfter.cancel();
      new Future<number>({ loop }).cancel("cancelled");
      new Future<number>({ loop }).setResult(1);
    })();
    await collect(() => false, 6);
    expect(reports.map((r) => (r.exception as Error).message)).toEqual(["control"]);
  });

  it("is not reported when a task awaited the failed future", async () => {
    const { loop, reports } = recordingLoop();
    dropFailed(loop, new Error("control"));
    await loop.runUntilComplete(function* () {
      const fut = new Future<number>({ loop });
      loop.callSoon(() => fut.setException(new Error("awaited")));
      try {
        yield* fut;
      } catch {
        /* read by the task */
      }
    });
    await collect(() => false, 6);
    expect(reports.map((r) => (r.exception as Error).message)).toEqual(["control"]);
  });

  it("is reported when its loop closes, if the collector has not reported it yet, and only once", async () => {
    const { loop, reports } = recordingLoop();
    const err = new Error("at close");
    dropFailed(loop, err);
    loop.close();
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toBe("Future exception was never retrieved");
    expect(reports[0]!.exception).toBe(err);
    await collect(() => false, 6);
    expect(reports).toHaveLength(1);
  });

  it("at close, reports every unread failure of that loop, naming each future still alive", () => {
    const { loop, reports } = recordingLoop();
    const kept = new Future<number>({ loop });
    const a = new Error("first");
    const b = new Error("second");
    kept.setException(a);
    const other = new Future<number>({ loop });
    other.setException(b);
    loop.close();
    expect(reports.map((r) => r.exception)).toEqual([a, b]);
    expect(reports[0]!.future).toBe(kept);
    expect(reports[1]!.future).toBe(other);
    expect(reports[0]!.future_repr).toBe('<Future finished exception=Error("first")>');
  });

  it("a failure reported at close is not reported again when read afterwards", () => {
    const { loop, reports } = recordingLoop();
    const fut = new Future<number>({ loop });
    fut.setException(new Error("late read"));
    loop.close();
    expect((fut.exception() as Error).message).toBe("late read");
    expect(reports).toHaveLength(1);
  });

  it("failures on another loop are not reported when this one closes", () => {
    const { loop, reports } = recordingLoop();
    const { loop: other, reports: otherReports } = recordingLoop();
    const fut = new Future<number>({ loop: other });
    fut.setException(new Error("elsewhere"));
    loop.close();
    expect(reports).toHaveLength(0);
    other.close();
    expect(otherReports).toHaveLength(1);
  });
});
