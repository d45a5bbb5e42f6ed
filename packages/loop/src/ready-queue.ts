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

/**
 * @internal A callback with several arguments (rare: most take zero or one) is queued as this
 * runnable, so the loop's drain only ever tells "no argument", "one argument" and "runnable" apart.
 */
export class Call implements Runnable {
  constructor(
    readonly fn: (...a: unknown[]) => unknown,
    readonly list: unknown[],
    readonly onError: (fn: (...a: unknown[]) => unknown, error: unknown) => void,
  ) {}

  _run(): void {
    try {
      this.fn(...this.list);
    } catch (error) {
      this.onError(this.fn, error);
    }
  }
}

const CHUNK = 1024;

/** A fixed-size block of entries; the queue is a linked list of them. */
class Chunk {
  // Stryker disable next-line ArrayDeclaration: pre-sizing only gives the engine a full-size array; every slot is written before it is read
  readonly cbs: (((...a: unknown[]) => unknown) | Runnable | null)[] = new Array<null>(CHUNK).fill(null);
  // Stryker disable next-line ArrayDeclaration: pre-sizing only gives the engine a full-size array; every slot is written before it is read
  readonly args: unknown[] = new Array<undefined>(CHUNK).fill(undefined);
  next: Chunk | null = null;
}

/**
 * For loop internals: the FIFO of ready callbacks and runnables (exported as `_ReadyQueue` for types only).
 *
 * @remarks
 * A linked list of fixed-size chunks: pushing never copies what is queued (a doubling array spent
 * a third of a fresh million-callback batch copying), a spent chunk is recycled, and a queue that
 * empties goes back to one chunk.
 * @internal
 */
export class ReadyQueue {
  private head = new Chunk();
  private headIdx = 0;
  private tail = this.head;
  private tailIdx = 0;
  private spare: Chunk | null = null;
  /** Number of queued entries (cancelled ones included until they are reached). */
  length = 0;
  /** The argument of the entry `shift()` returned last: one value, `NO_ARG`, or `RUN`. */
  arg: unknown = undefined;
  /**
   * Entries are numbered 1, 2, 3... as they are pushed and leave strictly in that order, so an
   * entry's number locates it: it sits `number - (number of the head entry)` places after the head.
   * A Handle keeps only that number.
   */
  seq = 0;

  /** Queues an entry; returns its number. */
  push(cb: ((...a: unknown[]) => unknown) | Runnable, arg: unknown): number {
    let t = this.tail;
    if (this.tailIdx === CHUNK) {
      const c = this.spare ?? new Chunk();
      this.spare = null;
      t.next = c;
      this.tail = t = c;
      this.tailIdx = 0;
    }
    t.cbs[this.tailIdx] = cb;
    t.args[this.tailIdx++] = arg;
    this.length++;
    return ++this.seq;
  }

  /**
   * Takes the oldest entry (the caller checks `length` first): returns its callback or runnable,
   * or null if it was cancelled, and leaves its argument in `arg`.
   */
  shift(): ((...a: unknown[]) => unknown) | Runnable | null {
    let h = this.head;
    if (this.headIdx === CHUNK) {
      const next = h.next!;
      h.next = null;
      this.spare = h;
      this.head = h = next;
      this.headIdx = 0;
    }
    const i = this.headIdx++;
    const cb = h.cbs[i]!;
    this.arg = h.args[i];
    h.cbs[i] = null; // let what it held be collected
    h.args[i] = undefined;
    // Stryker disable next-line BlockStatement: an emptied queue restarting at slot 0 only saves chunk hops; the order is the same either way
    if (--this.length === 0) {
      this.head = this.tail;
      this.headIdx = this.tailIdx = 0;
    }
    return cb;
  }

  /** Cancels entry number `seq` if it is still queued. */
  cancel(seq: number): void {
    const offset = seq - (this.seq - this.length + 1);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: numbers never exceed seq (offset < length), and a negative offset points before the head, at a slot already emptied
    if (offset < 0 || offset >= this.length) return; // already ran (or dropped by clear())
    let pos = this.headIdx + offset;
    let c = this.head;
    while (pos >= CHUNK) {
      c = c.next!;
      pos -= CHUNK;
    }
    c.cbs[pos] = null;
    c.args[pos] = undefined;
  }

  /** Drops every entry (the loop is closing). */
  clear(): void {
    this.head = this.tail = new Chunk();
    this.headIdx = this.tailIdx = 0;
    this.spare = null;
    this.length = 0;
    this.arg = undefined;
  }
}
