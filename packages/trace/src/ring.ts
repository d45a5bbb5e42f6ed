// The recorder's memory: a fixed number of event records in parallel typed arrays, written round
// and round (the oldest record is overwritten once the ring is full). Nothing is allocated per
// event. Records reference only long-lived objects (tasks, callback functions, constructors):
// keeping every future and timer handle of the last 65,536 events alive made them survive young
// garbage collections, which doubled the cost of tracing a ping-pong of queue round trips.

// What a record is (the `kind` array).
/**
 * @internal A ready entry ran: `ts` its start, `value` its duration, `seq` its queue number,
 * `what` what it was (TASK_STEP, TIMER_FIRED, CALLBACK), `ref` the task (or the callback function),
 * `ref2` what the task awaits at the end (a task, or the constructor of the future), `aux` the
 * timer's number for a timer.
 */
export const STEP = 1;
/** @internal An entry was queued during step `step`: `seq` its queue number. */
export const QUEUED = 2;
/**
 * @internal A timer was scheduled during step `step` (or outside any step: 0): `aux` its number,
 * `ref` its callback, `value` its delay in ms.
 */
export const TIMER = 3;
/** @internal A task was created during step `step` (or 0): `ref` the task. */
export const CREATED = 4;
/** @internal Cancellation of `ref` (a task) was requested during step `step` (or 0): `ref2` the message. */
export const CANCEL = 5;
/** @internal A host turn began: `value` the lag in ms. */
export const TURN = 6;

// What a step ran (the `what` array).
/** @internal A step of the task in `ref`. */
export const TASK_STEP = 1;
/** @internal A due timer (its callback in `ref`, its number in `aux`). */
export const TIMER_FIRED = 2;
/** @internal A callback (the function in `ref`, or null). */
export const CALLBACK = 3;

/** @internal The records, one column per field (see the constants above for what each holds). */
export class Ring {
  /** How many records fit (a power of two). */
  readonly capacity: number;
  /** `capacity - 1`: a record's slot is its number masked with it. */
  readonly mask: number;
  /** STEP, QUEUED, TIMER, CREATED, CANCEL or TURN. */
  readonly kind: Uint8Array;
  /** When (ms on the recorder's clock). */
  readonly ts: Float64Array;
  /** A duration, delay or lag (ms). */
  readonly value: Float64Array;
  /** A ready-queue number. */
  readonly seq: Float64Array;
  /** The step it happened in (0: none), or the step's own number. */
  readonly step: Float64Array;
  /** The loop's index (from 1). */
  readonly loop: Uint16Array;
  /** For a STEP: TASK_STEP, TIMER_FIRED or CALLBACK. */
  readonly what: Uint8Array;
  /** A timer's number. */
  readonly aux: Float64Array;
  /** The object of the record. */
  readonly ref: unknown[];
  /** A second object. */
  readonly ref2: unknown[];
  /** Records written so far (the next one goes to `written & mask`). */
  written = 0;

  constructor(capacity: number) {
    let c = 1024;
    while (c < capacity) c *= 2;
    this.capacity = c;
    this.mask = c - 1;
    this.kind = new Uint8Array(c);
    this.ts = new Float64Array(c);
    this.value = new Float64Array(c);
    this.seq = new Float64Array(c);
    this.step = new Float64Array(c);
    this.loop = new Uint16Array(c);
    this.what = new Uint8Array(c);
    this.aux = new Float64Array(c);
    this.ref = new Array<unknown>(c).fill(null);
    this.ref2 = new Array<unknown>(c).fill(null);
  }

  /** Writes one record. */
  put(kind: number, ts: number, value: number, seq: number, step: number, loop: number, ref: unknown, ref2: unknown, what = 0, aux = 0): void {
    const i = this.written++ & this.mask;
    this.what[i] = what;
    this.aux[i] = aux;
    this.kind[i] = kind;
    this.ts[i] = ts;
    this.value[i] = value;
    this.seq[i] = seq;
    this.step[i] = step;
    this.loop[i] = loop;
    this.ref[i] = ref;
    this.ref2[i] = ref2;
  }

  /** How many records are kept (at most the capacity). */
  get size(): number {
    return Math.min(this.written, this.capacity);
  }

  /** The slot of the `k`-th kept record, oldest first. */
  slot(k: number): number {
    return (this.written - this.size + k) & this.mask;
  }

  /** Forgets every record. */
  clear(): void {
    this.written = 0;
    this.ref.fill(null);
    this.ref2.fill(null);
  }
}
