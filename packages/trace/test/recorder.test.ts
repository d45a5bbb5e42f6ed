// TraceRecorder on real loops: what it records for tasks of both coroutine styles, and that the
// Chrome trace it writes keeps the Trace Event format's rules.
import { describe, expect, it } from "vitest";
import { _setTracerFactory, type Coroutine, type LoopTracer } from "@aio/core";
import { EventLoop, TestLoop, run } from "@aio/loop";
import { createTask, type Task } from "@aio/task";
import { gather, sleep, taskGroup } from "@aio/combinators";
import { Queue } from "@aio/queue";
import { TraceRecorder } from "@aio/trace";
import { counterClock, slicesByThread, traceProblems } from "./helpers.js";

/** The demo both styles run: a sleeper of each style, a queue handoff, a cancelled task, a group. */
function* program(): Coroutine<void> {
  const q = new Queue<number>(1);
  const sleeper = createTask(function* (): Coroutine<void> {
    for (let i = 0; i < 3; i++) yield* sleep(1);
  }, { name: "gen-sleeper" });
  const asleeper = createTask(async () => {
    for (let i = 0; i < 3; i++) await sleep(1);
  }, { name: "async-sleeper" });
  const consumer = createTask(async () => {
    let sum = 0;
    for (let i = 0; i < 4; i++) sum += await q.get();
    return sum;
  }, { name: "consumer" });
  const doomed = createTask(function* (): Coroutine<void> {
    yield* sleep(100);
  }, { name: "doomed" });
  for (let i = 1; i <= 4; i++) yield* q.put(i);
  yield* taskGroup(function* (tg) {
    tg.createTask(function* () {
      yield* sleep(0.5);
    }, { name: "grouped" });
  });
  doomed.cancel("enough");
  yield* gather([sleeper, asleeper, consumer, doomed], { returnExceptions: true });
}

describe("TraceRecorder", () => {
  it("records a step per task step, flows for wake-ups, creations and cancellations (TestLoop)", async () => {
    const rec = new TraceRecorder({ now: counterClock() });
    const loop = new TestLoop();
    loop.setTraceRecorder(rec);
    expect(loop.getTraceRecorder()).toBe(rec);
    await loop.runUntilComplete(program);
    const trace = rec.toChromeTrace();
    expect(traceProblems(trace)).toEqual([]);
    const slices = slicesByThread(trace);
    // A task that sleeps three times has four steps: the start and three wake-ups.
    expect(slices.get("gen-sleeper")!.length).toBe(4);
    expect(slices.get("async-sleeper")!.length).toBe(4);
    expect(slices.get("doomed")!.length).toBe(2); // the start, and the step that takes the CancelledError
    expect([...slices.keys()].sort()).toEqual(
      ["Task-" + /Task-(\d+)/.exec([...slices.keys()].join(" "))![1], "async-sleeper", "consumer", "doomed", "gen-sleeper", "grouped", "loop: callbacks and timers"].sort(),
    );
    const names = trace.traceEvents.map((e) => e.name);
    expect(names).toContain("create gen-sleeper");
    expect(names).toContain("cancel doomed");
    const cancel = trace.traceEvents.find((e) => e.name === "cancel doomed")!;
    expect(cancel.args).toEqual({ task: "doomed", message: "enough" });
    // The timers that end the sleeps are drawn on the loop's lane, and each wakes its sleeper.
    const timerSlices = slices.get("loop: callbacks and timers")!.filter((e) => e.name.startsWith("timer"));
    expect(timerSlices.length).toBeGreaterThanOrEqual(7);
    const flowsIntoSleeper = trace.traceEvents.filter((e) => e.ph === "f" && slices.get("gen-sleeper")!.some((b) => b.ts === e.ts && b.tid === e.tid));
    expect(flowsIntoSleeper.length).toBe(4); // created by main, then three timers
    // A step that ends awaiting says what it awaits.
    const ends = trace.traceEvents.filter((e) => e.ph === "E" && e.tid === slices.get("consumer")![0]!.tid);
    expect(ends.some((e) => e.args?.awaits === "Future")).toBe(true);
    expect(rec.dropped).toBe(0);
    expect(trace.otherData).toEqual({ producer: "@aio/trace", droppedEvents: 0 });
  });

  it("keeps only `capacity` events, and what it keeps is still a valid trace", async () => {
    const rec = new TraceRecorder({ capacity: 1000, now: counterClock() });
    expect(rec.capacity).toBe(1024);
    await run(
      async () => {
        const q = new Queue<number>(1);
        const pong = createTask(async () => {
          for (let i = 0; i < 2000; i++) await q.get();
        });
        for (let i = 0; i < 2000; i++) await q.put(i);
        await pong;
      },
      { loopFactory: () => new TestLoop(), traceRecorder: rec },
    );
    expect(rec.recorded).toBeGreaterThan(4000);
    expect(rec.dropped).toBe(rec.recorded - 1024);
    const trace = rec.toChromeTrace();
    expect(traceProblems(trace)).toEqual([]);
    expect(trace.otherData.droppedEvents).toBe(rec.dropped);
    rec.clear();
    expect(rec.recorded).toBe(0);
    expect(rec.toChromeTrace().traceEvents).toEqual([{ ph: "M", name: "process_name", pid: 1, args: { name: "TestLoop #1" } }]);
  });

  it("on a real-time loop: async-function steps end when their microtasks do, and loop lag is a counter", async () => {
    const rec = new TraceRecorder();
    const loop = new EventLoop();
    loop.setTraceRecorder(rec);
    await loop.runUntilComplete(async () => {
      const tasks: Task<void>[] = [];
      for (let i = 0; i < 5; i++) {
        tasks.push(createTask(async () => {
          await sleep(0.002);
          await Promise.resolve(); // a native await inside the step
          await sleep(0);
        }, { name: `w${i}` }));
      }
      await gather(tasks);
    });
    loop.close();
    const trace = rec.toChromeTrace();
    expect(traceProblems(trace)).toEqual([]);
    const slices = slicesByThread(trace);
    for (let i = 0; i < 5; i++) expect(slices.get(`w${i}`)!.length).toBe(3);
    expect(trace.traceEvents.some((e) => e.ph === "C" && e.name === "loop lag (ms)" && typeof e.args!.lag === "number")).toBe(true);
  });

  it("an async-function step that outlives its iteration (a foreign await) still gets its end", async () => {
    const rec = new TraceRecorder();
    const loop = new EventLoop();
    loop.setTraceRecorder(rec);
    await loop.runUntilComplete(async () => {
      const t = createTask(async () => {
        await sleep(0);
        await new Promise((resolve) => setTimeout(resolve, 5)); // not an @aio awaitable
        await sleep(0);
      }, { name: "foreign" });
      await t;
    });
    loop.close();
    const trace = rec.toChromeTrace();
    expect(traceProblems(trace)).toEqual([]);
    expect(slicesByThread(trace).get("foreign")!.length).toBeGreaterThanOrEqual(2);
  });

  it("TestLoop.advance() steps are traced too, each run as a turn of its own", () => {
    const rec = new TraceRecorder({ now: counterClock() });
    const loop = new TestLoop();
    loop.setTraceRecorder(rec);
    const seen: number[] = [];
    loop.callLater(1, () => seen.push(1));
    loop.callLater(2, () => seen.push(2));
    loop.advance(1);
    loop.advance(1);
    expect(seen).toEqual([1, 2]);
    const trace = rec.toChromeTrace();
    expect(traceProblems(trace)).toEqual([]);
    const timers = trace.traceEvents.filter((e) => e.ph === "B" && e.name.startsWith("timer"));
    expect(timers.length).toBe(2);
    // The second advance's timer did not begin where the first ended: each turn reads the clock.
    expect(timers[1]!.ts! > trace.traceEvents.filter((e) => e.ph === "E")[0]!.ts!).toBe(true);
  });

  it("marks slow steps (slowCallbackDuration) in red", async () => {
    let t = 0;
    const rec = new TraceRecorder({ now: () => t });
    const loop = new TestLoop();
    loop.slowCallbackDuration = 0.05;
    loop.setTraceRecorder(rec);
    await loop.runUntilComplete(function* (): Coroutine<void> {
      t += 60; // this step "takes" 60 ms
      yield* sleep(1);
      t += 1;
    });
    const slow = rec.toChromeTrace().traceEvents.filter((e) => e.ph === "B" && e.cname === "terrible");
    expect(slow.length).toBe(1);
    const end = rec.toChromeTrace().traceEvents.find((e) => e.ph === "E" && e.args?.slow !== undefined)!;
    expect(end.args!.slow).toBe("took 60.000 ms");
  });

  it("stops recording when the loop's recorder is set to null; costs nothing to a loop without one", async () => {
    const rec = new TraceRecorder({ now: counterClock() });
    const loop = new TestLoop();
    expect(loop.getTraceRecorder()).toBe(null);
    loop.setTraceRecorder(rec);
    await loop.runUntilComplete(function* () {
      yield* sleep(1);
    });
    const before = rec.recorded;
    loop.setTraceRecorder(null);
    await loop.runUntilComplete(function* () {
      yield* sleep(1);
    });
    expect(rec.recorded).toBe(before);
  });

  it("a tracer factory (what aio-trace uses) gives every new loop a recorder, until it is unset", async () => {
    const rec = new TraceRecorder({ now: counterClock() });
    _setTracerFactory(() => rec);
    try {
      await run(function* () {
        yield* sleep(1);
      }, { loopFactory: () => new TestLoop() });
    } finally {
      _setTracerFactory(null);
    }
    expect(rec.recorded).toBeGreaterThan(0);
    expect(new TestLoop().getTraceRecorder()).toBe(null);
    expect(() => _setTracerFactory(5 as never)).toThrow("_setTracerFactory(factory): expected a function or null, got 5 (number)");
  });

  it("refuses bad input, naming the argument", () => {
    expect(() => new TraceRecorder(null as never)).toThrow("TraceRecorder(options): expected { capacity?, now? }, got null");
    expect(() => new TraceRecorder({ capacity: "many" as never })).toThrow(TypeError);
    expect(() => new TraceRecorder({ capacity: 0 })).toThrow("TraceRecorder(options.capacity): expected a positive integer, got 0");
    expect(() => new TraceRecorder({ capacity: 1.5 })).toThrow(RangeError);
    expect(() => new TraceRecorder({ now: 3 as never })).toThrow("TraceRecorder(options.now): expected a function returning milliseconds");
    const loop = new TestLoop();
    expect(() => loop.setTraceRecorder({} as LoopTracer)).toThrow("setTraceRecorder(recorder): a LoopTracer needs a queued() method");
    expect(() => loop.setTraceRecorder("rec" as never)).toThrow(TypeError);
    return expect(run(function* () {}, { traceRecorder: 7 as never })).rejects.toThrow("run(options.traceRecorder): expected a LoopTracer");
  });
});
