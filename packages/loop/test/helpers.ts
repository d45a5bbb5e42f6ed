// Shared fixtures for the loop tests.
import type { Coroutine, EventLoop as EventLoopLike, LoopTracer } from "@aio/core";
import { EventLoop, ManualHost, VirtualClock } from "@aio/loop";

/** A ManualHost that also records every request the loop makes (the delays, in ms). */
export class RecordingHost extends ManualHost {
  requests: number[] = [];
  cancels = 0;

  override request(tick: () => void, delay: number): void {
    this.requests.push(delay);
    super.request(tick, delay);
  }

  override cancel(): void {
    this.cancels++;
    super.cancel();
  }
}

/** An EventLoop on a virtual clock, woken only when the test calls `host.fire()`. */
export function manualLoop(): { loop: EventLoop; clock: VirtualClock; host: RecordingHost } {
  const clock = new VirtualClock(0);
  const host = new RecordingHost();
  return { loop: new EventLoop({ clock, host }), clock, host };
}

/**
 * Counts loop iterations: a callback that re-schedules itself with callSoon runs exactly once per
 * iteration, so `count()` is the number of the iteration running now. Stops after `limit`.
 */
export function iterationCounter(loop: EventLoopLike, limit = 50): { count(): number } {
  let n = 0;
  const tick = (): void => {
    n++;
    if (n < limit) loop.callSoon(tick);
  };
  loop.callSoon(tick);
  return { count: () => n };
}

/** `sleep` built from a future and callLater (the combinators package is not needed for these tests). */
export function* sleep(loop: EventLoopLike, delay: number): Coroutine<void> {
  const fut = loop.createFuture<void>();
  const timer = loop.callLater(delay, () => {
    if (!fut.done()) fut.setResult(undefined);
  });
  try {
    yield* fut;
  } finally {
    timer.cancel();
  }
}

/** The async-function twin of `sleep`. */
export async function asleep(loop: EventLoopLike, delay: number): Promise<void> {
  const fut = loop.createFuture<void>();
  loop.callLater(delay, () => {
    if (!fut.done()) fut.setResult(undefined);
  });
  await fut;
}

/** Lets the macrotask queue (and the microtasks before it) run once. */
export const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Replaces console[method] while `body` runs and returns what was printed (one string per call). */
export async function captureConsole(method: "error" | "warn", body: () => unknown): Promise<string[]> {
  const printed: string[] = [];
  const original = console[method];
  console[method] = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
  try {
    await body();
  } finally {
    console[method] = original;
  }
  return printed;
}

/** Spins the CPU for `ms` milliseconds of real time (to make a callback slow on purpose). */
export function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
}

/** A LoopTracer that writes down each call, with what matters of its arguments. */
export function callRecorder(): LoopTracer & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    queued: (_l, seq) => void calls.push(["queued", seq]),
    runBegin: (_l, seq, _entry, arg) => void calls.push(["runBegin", seq, arg]),
    runEnd: () => void calls.push(["runEnd"]),
    timerScheduled: (_l, t) => void calls.push(["timerScheduled", t.when()]),
    taskCreated: () => void calls.push(["taskCreated"]),
    cancelRequested: () => void calls.push(["cancelRequested"]),
    hostTurn: (_l, lag) => void calls.push(["hostTurn", lag]),
  };
}
