import { _describe as describe, type EventLoop, type LoopTracer, type TaskLike, type TimerHandle } from "@aio/core";
import { toChromeTrace, type ChromeTrace } from "./chrome-trace.js";
import { buildModel } from "./model.js";
import { CALLBACK, CANCEL, CREATED, QUEUED, Ring, STEP, TASK_STEP, TIMER, TIMER_FIRED, TURN } from "./ring.js";
import { toSvg, type SvgOptions } from "./svg-timeline.js";

/** The members of tasks, waiters, timers and calls that the recorder reads. */
interface Shape {
  _futWaiter?: unknown;
  task?: Shape | null;
  _when?: unknown;
  _seq?: unknown;
  _callback?: unknown;
  fn?: unknown;
}

/**
 * Options for {@link TraceRecorder}.
 * @public
 */
export interface TraceRecorderOptions {
  /**
   * How many events the recorder keeps; beyond that the oldest are dropped. Rounded up to a power
   * of two, at least 1024. About 60 bytes each, plus what they reference (tasks, timers) until
   * they are dropped. @defaultValue 65536
   */
  capacity?: number | undefined;
  /**
   * The clock, in milliseconds. @defaultValue `performance.now` (real time, also on a `TestLoop`:
   * a step's duration is the CPU time it took)
   */
  now?: (() => number) | undefined;
}

/**
 * Records what event loops do, for a timeline: which task runs when, what woke it, timers,
 * cancellations and how late the loop wakes. Implements `LoopTracer` (\@aio/core), so a loop
 * reports to it once set with `loop.setTraceRecorder(rec)` (or `run(main, { traceRecorder: rec })`).
 *
 * @remarks
 * Memory is bounded: the events go round a ring of `capacity` slots, and once it is full each new
 * event replaces the oldest. Recording costs two clock readings per step and a few array stores
 * per event, with no allocation; everything else is done when a trace is exported:
 * - {@link TraceRecorder.toChromeTrace}: Chrome's Trace Event format, which Perfetto
 *   (ui.perfetto.dev) and `chrome://tracing` open: one process per loop, one thread per task plus
 *   one for the loop's own callbacks and timers, a slice per step, flow arrows for wake-ups;
 * - {@link TraceRecorder.toSvg}: a self-contained SVG timeline, one lane per task.
 *
 * A "step" is one entry of the loop's ready queue run to its end: a task's step (for an async
 * function, from its resumption to its next \@aio await, microtasks included), a `callSoon`
 * callback or a due timer. A task's first step is linked to the step that created it; a wake-up
 * (a step that completes a future or queues a callback) is linked to the step it causes.
 * @example
 * ```ts
 * const rec = new TraceRecorder();
 * await run(main, { traceRecorder: rec });
 * writeFileSync("trace.json", JSON.stringify(rec.toChromeTrace()));
 * writeFileSync("trace.svg", rec.toSvg());
 * ```
 * @public
 */
export class TraceRecorder implements LoopTracer {
  /** @internal The event records. */
  readonly _ring: Ring;
  /** @internal The clock (ms). */
  readonly _now: () => number;
  /** @internal The loops seen, in order (a record holds its loop's index + 1). */
  readonly _loops: EventLoop[] = [];
  /** @internal The loop `_index` saw last (a one-entry cache). */
  _lastLoop: EventLoop | null = null;
  /** @internal Its index. */
  _lastIndex = 0;
  /** @internal A step is running (between runBegin and runEnd). */
  _open = false;
  /** @internal What the running entry runs: its task, or its callback function (or null). */
  _lane: unknown = null;
  /** @internal TASK_STEP, TIMER_FIRED or CALLBACK. */
  _what = CALLBACK;
  /** @internal The running timer's number, for a timer. */
  _timer = 0;
  /** @internal Its queue number. */
  _seq = 0;
  /** @internal When it began. */
  _begin = 0;
  /** @internal Its step number (1, 2, ... over the recorder's life). */
  _step = 0;
  /** @internal Its loop's index. */
  _loop = 0;
  /**
   * @internal The clock reading that ended the last step (or began the last host turn), and whether
   * nothing has happened since: then the next step begins at that reading. Reading a clock costs
   * as much as a short step, so each step reads it once, at its end.
   */
  _last = 0;
  /** @internal See `_last`. */
  _chain = false;

  /**
   * Creates an empty recorder.
   * @throws TypeError if `options` is not an options object, `options.capacity` is not a number or
   * `options.now` is not a function.
   * @throws RangeError if `options.capacity` is not a positive integer.
   */
  constructor(options: TraceRecorderOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError(`TraceRecorder(options): expected { capacity?, now? }, got ${describe(options)}`);
    }
    const { capacity = 65536, now } = options;
    if (typeof capacity !== "number") throw new TypeError(`TraceRecorder(options.capacity): expected a number of events, got ${describe(capacity)}`);
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`TraceRecorder(options.capacity): expected a positive integer, got ${capacity}`);
    }
    if (now !== undefined && typeof now !== "function") {
      throw new TypeError(`TraceRecorder(options.now): expected a function returning milliseconds, got ${describe(now)}`);
    }
    this._ring = new Ring(capacity);
    this._now = now ?? (() => performance.now());
  }

  /** How many events the recorder keeps at most. */
  get capacity(): number {
    return this._ring.capacity;
  }

  /** How many events were recorded since the start (or the last `clear()`), dropped ones included. */
  get recorded(): number {
    return this._ring.written;
  }

  /** How many of them were dropped to make room (the oldest first). */
  get dropped(): number {
    return this._ring.written - this._ring.size;
  }

  /** Forgets every event (the recorder stays attached to its loops). */
  clear(): void {
    this._ring.clear();
    this._open = false;
    this._lane = null;
  }

  /**
   * The recorded events in Chrome's Trace Event format (the JSON object form), ready for
   * `JSON.stringify` and Perfetto or `chrome://tracing`.
   */
  toChromeTrace(): ChromeTrace {
    return toChromeTrace(buildModel(this));
  }

  /**
   * An SVG timeline of the recorded events: one lane per task (and one for the loop's callbacks
   * and timers), a bar per step, lines for wake-ups. Long idle gaps are shortened (and marked)
   * unless `options.compressGaps` is false.
   * @throws TypeError or RangeError for a bad option (naming it).
   */
  toSvg(options?: SvgOptions): string {
    return toSvg(buildModel(this), options);
  }

  // ------------------------------------------------------------------ LoopTracer

  /** `LoopTracer.queued`: called by the loop, not by you. */
  queued(loop: EventLoop, seq: number, _entry: unknown): void {
    // Only what a step queues is a wake-up worth an arrow; code outside every step is not traced.
    if (this._open) this._ring.put(QUEUED, this._begin, 0, seq, this._step, this._index(loop), null, null);
    else this._chain = false; // code outside the loop ran since the last step
  }

  /** `LoopTracer.runBegin`: called by the loop, not by you. */
  runBegin(loop: EventLoop, seq: number, entry: unknown, _arg: unknown): void {
    if (this._open) this._close(); // the end of the previous one never came
    this._open = true;
    this._classify(entry);
    this._seq = seq;
    this._begin = this._chain ? this._last : this._now();
    this._chain = false;
    this._step++;
    this._loop = this._index(loop);
  }

  /** `LoopTracer.runEnd`: called by the loop, not by you. */
  runEnd(_loop: EventLoop): void {
    if (this._open) this._close();
  }

  /** `LoopTracer.timerScheduled`: called by the loop, not by you. */
  timerScheduled(loop: EventLoop, timer: TimerHandle): void {
    if (!this._open) this._chain = false;
    const delay = (timer.when() - loop.time()) * 1000;
    const t = timer as { _callback?: unknown; _seq?: unknown };
    const id = typeof t._seq === "number" ? t._seq : Number.NaN;
    this._ring.put(TIMER, this._open ? this._begin : this._now(), delay, 0, this._open ? this._step : 0, this._index(loop), t._callback ?? null, null, 0, id);
  }

  /** @internal Called by a task: see `LoopTracer.taskCreated`. */
  taskCreated(task: TaskLike<unknown>): void {
    if (!this._open) this._chain = false;
    this._ring.put(CREATED, this._open ? this._begin : this._now(), 0, 0, this._open ? this._step : 0, this._index(task.getLoop()), task, null);
  }

  /** @internal Called by a task: see `LoopTracer.cancelRequested`. */
  cancelRequested(task: TaskLike<unknown>, msg: string | undefined): void {
    if (!this._open) this._chain = false;
    const ts = this._open ? this._begin : this._now();
    this._ring.put(CANCEL, ts, 0, 0, this._open ? this._step : 0, this._index(task.getLoop()), task, msg ?? null);
  }

  /** `LoopTracer.hostTurn`: called by the loop, not by you. */
  hostTurn(loop: EventLoop, lag: number): void {
    const now = this._now();
    this._ring.put(TURN, now, lag * 1000, 0, 0, this._index(loop), null, null);
    this._last = now; // the turn's first step begins now
    this._chain = true;
  }

  /** @internal The running step ends now. */
  _close(): void {
    const end = this._now();
    const lane = this._lane;
    // What the task awaits now (it changes with the next step): a task is kept, a future is not
    // (only its constructor, for its name: see ring.ts on why).
    let awaited: unknown = null;
    if (this._what === TASK_STEP) {
      const w = (lane as Shape)._futWaiter;
      if (w != null) awaited = (w as Shape)._futWaiter !== undefined ? w : (w as object).constructor;
    }
    this._ring.put(STEP, this._begin, end - this._begin, this._seq, this._step, this._loop, lane, awaited, this._what, this._timer);
    this._open = false;
    this._lane = null;
    this._last = end;
    this._chain = true;
  }

  /**
   * @internal What a ready entry runs, from its shape (those of \@aio/task and \@aio/loop, read
   * without `instanceof`: a traced program may load its own copies): a task (it has `_futWaiter`),
   * the waiter that resumes an async-function task (its `task`), a timer (`_when`), or a callback.
   */
  _classify(entry: unknown): void {
    this._timer = 0;
    if (typeof entry === "function") {
      this._lane = entry;
      this._what = CALLBACK;
      return;
    }
    const e = entry as Shape | null;
    if (e === null || typeof e !== "object") {
      this._lane = null;
      this._what = CALLBACK;
    } else if (e._futWaiter !== undefined) {
      this._lane = e;
      this._what = TASK_STEP;
    } else if (e.task != null && e.task._futWaiter !== undefined) {
      this._lane = e.task;
      this._what = TASK_STEP;
    } else if (typeof e._when === "number") {
      this._lane = e._callback ?? null;
      this._what = TIMER_FIRED;
      this._timer = typeof e._seq === "number" ? e._seq : Number.NaN;
    } else {
      this._lane = e.fn ?? e._callback ?? null;
      this._what = CALLBACK;
    }
  }

  /** @internal The index (from 1) of `loop` among the loops seen. */
  _index(loop: EventLoop): number {
    if (loop === this._lastLoop) return this._lastIndex;
    let i = this._loops.indexOf(loop);
    if (i < 0) i = this._loops.push(loop) - 1;
    this._lastLoop = loop;
    return (this._lastIndex = i + 1);
  }
}
