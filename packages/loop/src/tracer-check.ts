// The recorder argument of `loop.setTraceRecorder`: checked once, so the loop can call it blindly.
import { _describe as describe, type LoopTracer } from "@aio/core";

const METHODS = ["queued", "runBegin", "runEnd", "timerScheduled", "taskCreated", "cancelRequested", "hostTurn"] as const;

/** @internal Throws a TypeError naming the first `LoopTracer` method `recorder` lacks. */
export function checkTracer(recorder: unknown, where = "setTraceRecorder(recorder)"): asserts recorder is LoopTracer {
  if (recorder === null || typeof recorder !== "object") {
    throw new TypeError(`${where}: expected a LoopTracer (such as @aio/trace's TraceRecorder) or null, got ${describe(recorder)}`);
  }
  for (const m of METHODS) {
    if (typeof (recorder as Record<string, unknown>)[m] !== "function") {
      throw new TypeError(`${where}: a LoopTracer needs a ${m}() method, got ${describe(recorder)}`);
    }
  }
}
