import { _describe as describe } from "@aio/core";
import { Queue, registerName } from "./queue.js";

/**
 * Orders the items of a {@link PriorityQueue}: negative if `a` comes out first, positive if `b`
 * does, 0 if either may (the `Array#sort` convention).
 * @public
 */
export type Comparator<T> = (a: T, b: T) => number;

/**
 * A queue that returns the smallest item first (`asyncio.PriorityQueue`).
 *
 * @remarks
 * Without `compare`, items are ordered the way Python orders them: numbers, bigints, strings,
 * booleans and Dates by value, and arrays (Python's tuples) element by element, so
 * `[priority, data]` entries work as in asyncio. Items of other kinds need a `compare` function;
 * `put` throws TypeError instead of guessing. Items that compare equal come out in no particular
 * order (as with asyncio's heap). Everything else is as in {@link Queue}.
 * @example
 * ```ts
 * const jobs = new PriorityQueue<[number, string]>();
 * jobs.putNowait([2, "later"]);
 * jobs.putNowait([1, "first"]);
 * jobs.getNowait(); // [1, "first"]
 * const byDeadline = new PriorityQueue<Job>(0, (a, b) => a.deadline - b.deadline);
 * ```
 * @public
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  readonly #heap: T[] = [];
  readonly #compare: Comparator<T>;

  /**
   * Creates a priority queue holding at most `maxsize` items (0 or less: no limit).
   * @param maxsize - the capacity. @defaultValue 0
   * @param compare - the order; Python's order when omitted.
   * @throws TypeError if `maxsize` is not a number or `compare` is neither a function nor undefined.
   * @throws RangeError if `maxsize` is NaN.
   */
  constructor(maxsize = 0, compare?: Comparator<T>) {
    super(maxsize);
    if (compare !== undefined && typeof compare !== "function") {
      throw new TypeError(`PriorityQueue(maxsize, compare): expected a function or undefined, got ${describe(compare)}`);
    }
    this.#compare = compare ?? (pythonOrder as Comparator<T>);
  }

  /**
   * Storage hook: adds `item` to the heap.
   * @throws TypeError if the default order cannot compare `item` with the others.
   */
  protected override _put(item: T): void {
    const heap = this.#heap;
    const cmp = this.#compare;
    let i = heap.length;
    // Compare before touching the heap, so an item that cannot be ordered leaves it unchanged.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (cmp(item, heap[parent]!) >= 0) break;
      i = parent;
    }
    heap.push(item);
    for (let j = heap.length - 1; j > i; ) {
      const parent = (j - 1) >> 1;
      heap[j] = heap[parent]!;
      j = parent;
    }
    heap[i] = item;
  }

  /** Storage hook: removes and returns the smallest item. */
  protected override _get(): T {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return top;
    const cmp = this.#compare;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && cmp(heap[child + 1]!, heap[child]!) < 0) child++;
      if (cmp(heap[child]!, last) >= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

/** Python's `<` for the values it can order; TypeError for the rest. */
function pythonOrder(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) {
      const c = pythonOrder(a[k], b[k]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const ta = typeof a;
  const tb = typeof b;
  const numeric = (t: string): boolean => t === "number" || t === "bigint" || t === "boolean";
  if ((numeric(ta) && numeric(tb)) || (ta === "string" && tb === "string")) {
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  throw new TypeError(`PriorityQueue.put(item): cannot order ${describe(a)} and ${describe(b)}; pass a compare function`);
}

registerName(PriorityQueue, "PriorityQueue");
