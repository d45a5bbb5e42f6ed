// A binary min-heap of timers ordered by (deadline, sequence number): equal deadlines run FIFO,
// which CPython leaves undefined (its heap compares deadlines only).
import type { TimerHandle } from "./handle.js";

const before = (a: TimerHandle, b: TimerHandle): boolean =>
  a._when < b._when ||
  (a._when === b._when &&
    // Stryker disable next-line EqualityOperator: sequence numbers are unique and a timer is never compared with itself, so < and <= agree
    a._seq < b._seq);

/**
 * For loop internals: the heap of scheduled timers (exported as `_TimerHeap` for types only).
 * @internal
 */
export class TimerHeap {
  /** The heap, in array form. */
  items: TimerHandle[] = [];
  /** Cancelled timers still in the heap (purged lazily). */
  cancelled = 0;

  /** How many timers the heap holds, cancelled ones included. */
  get size(): number {
    return this.items.length;
  }

  /** The earliest timer, or undefined. */
  peek(): TimerHandle | undefined {
    return this.items[0];
  }

  /** Adds a timer. */
  push(t: TimerHandle): void {
    const a = this.items;
    let i = a.length;
    a.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p]!;
      if (!before(t, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = t;
  }

  /** Removes and returns the earliest timer. */
  pop(): TimerHandle | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) this.siftDown(last, 0);
    return top;
  }

  /** Drops cancelled timers: a rebuild when they are most of a large heap, else only from the top. */
  purge(): void {
    const a = this.items;
    if (a.length > 100 && this.cancelled * 2 > a.length) {
      const live = a.filter((t) => !t._cancelled);
      for (const t of a) if (t._cancelled) t._scheduled = false;
      this.items = live;
      this.cancelled = 0;
      for (let i = (live.length >> 1) - 1; i >= 0; i--) this.siftDown(live[i]!, i);
      return;
    }
    while (a.length > 0 && a[0]!._cancelled) {
      this.pop()!._scheduled = false;
      this.cancelled--;
    }
  }

  /** Drops every timer. */
  clear(): void {
    for (const t of this.items) t._scheduled = false;
    this.items = [];
    this.cancelled = 0;
  }

  private siftDown(t: TimerHandle, i: number): void {
    const a = this.items;
    const n = a.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && before(a[c + 1]!, a[c]!)) c++;
      if (!before(a[c]!, t)) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = t;
  }
}
