// The loop's FIFO of ready work, kept as parallel arrays (callback | runnable, argument) in a ring
// that doubles when full. Two lessons from profiles:
// - Array#shift() is O(n) once large, which made a faithful first version quadratic (PERFORMANCE.md).
// - A Handle object per entry had to survive garbage collection while queued; with a million
//   callbacks in flight most of the time went to the collector. Entries here are plain slots, and
//   the Handle that callSoon returns only remembers its slot, so it dies young if nobody keeps it.

/** @internal Something the loop runs by calling `_run()`: a task, a due timer, an await waiter. */
export interface Runnable {
  /** Does the work; called by the loop from its ready queue. */
  _run(): void;
}

/** @internal Argument slot markers: "call with no argument" and "call the runnable's _run()". */
export const NO_ARG: unique symbol = Symbol("no argument");
/** @internal */
export const RUN: unique symbol = Symbol("runnable");

/** @internal Several arguments travel in one box (rare: most callbacks take zero or one). */
export class Args {
  constructor(readonly list: unknown[]) {}
}

/**
 * For loop internals: the FIFO of ready callbacks and runnables (exported as `_ReadyQueue` for types only).
 * @internal
 */
export class ReadyQueue {
  /** The callback, or the runnable when `args[i] === RUN`, or null when cancelled. */
  cbs: (((...a: unknown[]) => unknown) | Runnable | null)[] = new Array(1024);
  /** The argument of each entry: one value, an `Args` box, `NO_ARG`, or `RUN`. */
  args: unknown[] = new Array(1024);
  /** Capacity minus one (the capacity is a power of two). */
  mask = 1023;
  /** The slot of the oldest entry. */
  head = 0;
  /** Number of queued entries (cancelled ones included until they are reached). */
  length = 0;
  /**
   * Entries are numbered 1, 2, 3... as they are pushed and leave strictly in that order, so an
   * entry's number locates it: it sits `number - (number of the head entry)` slots after `head`.
   * A Handle keeps only that number.
   */
  seq = 0;

  /** Queues an entry; returns its number. */
  push(cb: ((...a: unknown[]) => unknown) | Runnable, arg: unknown): number {
    if (this.length > this.mask) this.grow();
    const i = (this.head + this.length) & this.mask;
    this.cbs[i] = cb;
    this.args[i] = arg;
    this.length++;
    return ++this.seq;
  }

  /** Cancels entry number `seq` if it is still queued. */
  cancel(seq: number): void {
    const offset = seq - (this.seq - this.length + 1);
    if (offset < 0 || offset >= this.length) return; // already ran (or dropped by clear())
    const i = (this.head + offset) & this.mask;
    this.cbs[i] = null;
    this.args[i] = undefined;
  }

  /** Drops every entry. */
  clear(): void {
    this.cbs = new Array(1024);
    this.args = new Array(1024);
    this.mask = 1023;
    this.head = 0;
    this.length = 0;
  }

  private grow(): void {
    const size = this.cbs.length * 2;
    const cbs: ReadyQueue["cbs"] = new Array(size);
    const args: unknown[] = new Array(size);
    for (let k = 0; k < this.length; k++) {
      const j = (this.head + k) & this.mask;
      cbs[k] = this.cbs[j]!;
      args[k] = this.args[j];
    }
    this.cbs = cbs;
    this.args = args;
    this.mask = size - 1;
    this.head = 0;
  }
}
