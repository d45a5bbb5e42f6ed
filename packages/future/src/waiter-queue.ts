// The one fair waiter queue under every @aio primitive (Lock, Semaphore, Condition, Event, Barrier
// through Condition, and the queues' getters, putters and joiners).
//
// Why one helper: every bug report about asyncio-style primitives in our peers (and CPython's own
// history: bpo-45997, python/asyncio#270) is a waiter that jumped the line, hung after a
// cancellation, or swallowed a wake-up. Keeping the queue discipline in one place means the rule is
// written, and tested, once.
//
// The discipline (CPython's locks.py, made O(1)):
// - A waiter is a loop-bound future. The task that waits adds it (`add`) and, whatever happens,
//   removes it itself when it resumes (`remove`, in a `finally`). Wakers never remove entries: they
//   only complete the future. So between "woken" and "resumed" an entry is done but still queued,
//   which is what keeps FIFO fairness: a woken waiter still counts as being in line, and a newcomer
//   cannot take the resource before it runs.
// - A cancelled waiter leaves the queue and passes on any wake-up it was given: when its task
//   resumes with a CancelledError, `remove` tells it whether its future had been woken (`true`), and
//   the primitive then hands that wake-up to the next live waiter (`wakeNext`) or gives the unit
//   back. No wake-up is lost and none is duplicated.
// - Removal is lazy so it stays O(1) even when a waiter in the middle of 100k others is cancelled:
//   the entry is marked removed (a Set, touched only off the hot path) and skipped when it reaches
//   the head; the buffer is compacted when removed entries outnumber live ones. "Skip the entries
//   known to be done" is tracked with two monotonic cursors (a future never becomes pending again),
//   so waking the next waiter does not rescan woken ones.
// - Storage is a power-of-two ring buffer: Array#shift is O(n) on large arrays (PERFORMANCE.md).
import { _describe as describe, FUTURE, type FutureLike } from "@aio/core";

const EMPTY: never[] = [];

/**
 * For primitive implementations (\@aio/sync, \@aio/queue): a FIFO queue of waiter futures with the
 * wake-up rules shared by every asyncio primitive.
 *
 * @remarks
 * The waiting task adds its future with `add`, awaits it, and always calls `remove` when it resumes
 * (in a `finally`). Wakers only complete futures (`wakeFirst`, `wakeNext`, `wakeUpTo`, `wakeAll`),
 * so a woken waiter stays in line until it has run. A waiter that resumes with an error (it was
 * cancelled after being woken) learns from `remove` that it holds a wake-up, and passes it on.
 * Every operation is O(1) amortized, including removing a waiter from the middle of the queue.
 * @example
 * ```ts
 * const waiters = new _WaiterQueue<boolean>();
 * function* wait(loop: EventLoop): Coroutine<void> {
 *   const fut = loop.createFuture<boolean>();
 *   waiters.add(fut);
 *   let ok = false;
 *   try { yield* fut; ok = true; }
 *   finally { if (waiters.remove(fut) && !ok) waiters.wakeNext(true); }
 * }
 * ```
 * @public
 */
export class WaiterQueue<T = unknown> {
  #buf: (FutureLike<T> | undefined)[] = EMPTY;
  #mask = -1;
  /** Absolute index of the head slot (never a removed entry) and one past the last slot. */
  #head = 0;
  #tail = 0;
  #size = 0;
  /** Entries their owner removed while they were not at the head; skipped lazily. */
  #removed: Set<FutureLike<T>> | null = null;
  /** Every entry before this absolute index is done (or removed). */
  #doneScan = 0;
  /** Every entry before this absolute index is cancelled (or removed). */
  #cancelScan = 0;

  /** How many waiters are in line (woken ones that have not resumed yet included). */
  get size(): number {
    return this.#size;
  }

  /**
   * Puts `fut` at the end of the line. Each future may be added once.
   * @throws TypeError if `fut` is not a future.
   */
  add(fut: FutureLike<T>): void {
    if (typeof (fut as Partial<FutureLike<T>> | null)?.[FUTURE] !== "boolean") notAFuture("add", fut);
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: growing earlier or more often costs memory and time only.
    if (this.#tail - this.#head > this.#mask) this.#grow();
    this.#buf[this.#tail & this.#mask] = fut;
    this.#tail++;
    this.#size++;
  }

  /**
   * Takes `fut` out of the line; its owner calls this exactly once, when it resumes.
   * @returns true if `fut` was woken (done and not cancelled): if its owner will not use the
   * wake-up (it is leaving with an error), it must pass it on.
   * @throws TypeError if `fut` is not a future.
   */
  remove(fut: FutureLike<T>): boolean {
    if (typeof (fut as Partial<FutureLike<T>> | null)?.[FUTURE] !== "boolean") notAFuture("remove", fut);
    const woken = fut.done() && !fut.cancelled();
    if (this.#size === 0) return woken;
    if (this.#buf[this.#head & this.#mask] === fut) {
      this.#dropHead();
      this.#size--;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: skipping over an empty set finds nothing to skip.
      if (this.#removed !== null && this.#removed.size > 0) this.#skipRemoved();
    } else {
      const removed = (this.#removed ??= new Set());
      if (removed.has(fut)) return woken;
      removed.add(fut);
      this.#size--;
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: when to compact changes memory and time only.
      if (removed.size > 32 && removed.size > this.#size) this.#compact();
    }
    return woken;
  }

  /** The first waiter in line, woken or not, or undefined. */
  first(): FutureLike<T> | undefined {
    // Stryker disable next-line ConditionalExpression: with nobody in line the head slot is already empty.
    return this.#size === 0 ? undefined : this.#buf[this.#head & this.#mask];
  }

  /**
   * Wakes the first waiter in line with `value`, unless it is already done (woken and not resumed
   * yet, or cancelled: then its owner will pass the wake-up on when it resumes). `Lock` uses it.
   * @returns whether a waiter was woken.
   */
  wakeFirst(value: T): boolean {
    const fut = this.first();
    if (fut === undefined || fut.done()) return false;
    fut.setResult(value);
    return true;
  }

  /**
   * Wakes the first waiter that is not done yet with `value`.
   * @returns whether there was one.
   */
  wakeNext(value: T): boolean {
    if (this.#size === 0) return false;
    // Fast path: the head is pending (the usual case), wake it without the general scan.
    const head = this.#buf[this.#head & this.#mask]!;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: a fast path; wakeUpTo(1) below answers the same.
    if (this.#doneScan <= this.#head && !head.done()) {
      head.setResult(value);
      // Stryker disable next-line ArithmeticOperator: a lower scan start only rescans done waiters.
      this.#doneScan = this.#head + 1;
      return true;
    }
    return this.wakeUpTo(1, value) === 1;
  }

  /**
   * Wakes, in order, up to `n` waiters that are not done yet with `value`.
   * @param n - how many; 0 or less wakes none, `Infinity` wakes all.
   * @returns how many were woken.
   * @throws TypeError if `n` is not a number; RangeError if it is NaN.
   */
  wakeUpTo(n: number, value: T): number {
    if (typeof n !== "number" || n !== n) badCount(n);
    let woken = 0;
    if (n <= 0 || this.#size === 0) return 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty set in place of null skips nobody either.
    const removed = this.#removed !== null && this.#removed.size > 0 ? this.#removed : null;
    // Stryker disable next-line MethodExpression: starting at the head only rescans done waiters.
    let i = Math.max(this.#doneScan, this.#head);
    const end = this.#tail;
    for (; i < end; i++) {
      const fut = this.#buf[i & this.#mask]!;
      if (fut.done() || (removed !== null && removed.has(fut))) continue;
      fut.setResult(value);
      if (++woken === n) {
        // Stryker disable next-line UpdateOperator: a lower scan start only rescans done waiters.
        i++;
        break;
      }
    }
    this.#doneScan = i;
    return woken;
  }

  /**
   * Wakes every waiter that is not done yet with `value`.
   * @returns how many were woken.
   */
  wakeAll(value: T): number {
    return this.wakeUpTo(Infinity, value);
  }

  /** True if some waiter in line is not cancelled (woken ones count: they are still in line). */
  hasLive(): boolean {
    // Stryker disable next-line ConditionalExpression: with nobody in line the scan below finds nobody.
    if (this.#size === 0) return false;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty set in place of null skips nobody either.
    const removed = this.#removed !== null && this.#removed.size > 0 ? this.#removed : null;
    const end = this.#tail;
    // Stryker disable next-line MethodExpression: starting at the head only rescans cancelled waiters.
    for (let i = Math.max(this.#cancelScan, this.#head); i < end; i++) {
      const fut = this.#buf[i & this.#mask]!;
      if (fut.cancelled() || (removed !== null && removed.has(fut))) continue;
      this.#cancelScan = i;
      return true;
    }
    this.#cancelScan = end;
    return false;
  }

  /** The waiters in line, first to last (for reprs and tests). */
  toArray(): FutureLike<T>[] {
    const out: FutureLike<T>[] = [];
    const removed = this.#removed;
    for (let i = this.#head; i < this.#tail; i++) {
      const fut = this.#buf[i & this.#mask]!;
      if (removed === null || !removed.has(fut)) out.push(fut);
    }
    return out;
  }

  #dropHead(): void {
    this.#buf[this.#head & this.#mask] = undefined;
    this.#head++;
  }

  #skipRemoved(): void {
    const removed = this.#removed!;
    // Stryker disable next-line EqualityOperator: the slot at the tail is empty, so the loop stops there either way.
    while (this.#head < this.#tail) {
      const fut = this.#buf[this.#head & this.#mask]!;
      if (!removed.delete(fut)) break;
      this.#dropHead();
    }
  }

  #grow(): void {
    const old = this.#buf;
    const count = this.#tail - this.#head;
    const size = Math.max(4, old.length * 2);
    const next: (FutureLike<T> | undefined)[] = new Array(size);
    // Stryker disable next-line EqualityOperator: one more copy lands past the tail, where nothing reads it.
    for (let k = 0; k < count; k++) next[k] = old[(this.#head + k) & this.#mask];
    this.#rebase(next, count);
  }

  /** Drops every removed entry at once: run when they outnumber the live ones. */
  // Stryker disable next-line BlockStatement: compaction only frees memory; removed entries are skipped either way.
  #compact(): void {
    const removed = this.#removed!;
    // Stryker disable next-line ArrayDeclaration: a presized array is a speed choice.
    const next: (FutureLike<T> | undefined)[] = new Array(this.#buf.length);
    let count = 0;
    for (let i = this.#head; i < this.#tail; i++) {
      const fut = this.#buf[i & this.#mask]!;
      if (!removed.has(fut)) next[count++] = fut;
    }
    removed.clear();
    this.#rebase(next, count);
  }

  #rebase(buf: (FutureLike<T> | undefined)[], count: number): void {
    // Positions move, so the "known done/cancelled" cursors restart at the head (still correct,
    // just a rescan of at most the live entries).
    this.#buf = buf;
    this.#mask = buf.length - 1;
    this.#head = 0;
    this.#tail = count;
    this.#doneScan = 0;
    this.#cancelScan = 0;
  }
}

function notAFuture(method: string, fut: unknown): never {
  throw new TypeError(`_WaiterQueue.${method}(fut): expected a future, got ${describe(fut)}`);
}

function badCount(n: unknown): never {
  if (typeof n === "number") throw new RangeError("_WaiterQueue.wakeUpTo(n): expected a number of waiters, got NaN");
  throw new TypeError(`_WaiterQueue.wakeUpTo(n): expected a number of waiters, got ${describe(n)}`);
}
