// The loop's FIFO of ready handles: a ring buffer that doubles when full. Array#shift() is O(n) once
// the array is large, which made a faithful first version quadratic (see PERFORMANCE.md).

/** @internal What the ready queue holds: a Handle, or a task scheduled without one. */
export interface Runnable {
  readonly _cancelled?: boolean;
  _run(): void;
}

/** @internal */
export class RingQueue<T> {
  private buf: (T | undefined)[] = new Array(1024);
  private mask = 1023;
  private head = 0;
  /** Number of queued items. */
  length = 0;

  push(item: T): void {
    if (this.length > this.mask) this.grow();
    this.buf[(this.head + this.length) & this.mask] = item;
    this.length++;
  }

  /** Removes and returns the oldest item; the caller checks `length` first. */
  shift(): T {
    const i = this.head;
    const item = this.buf[i] as T;
    this.buf[i] = undefined; // let the handle be collected
    this.head = (i + 1) & this.mask;
    this.length--;
    return item;
  }

  clear(): void {
    this.buf = new Array(1024);
    this.mask = 1023;
    this.head = 0;
    this.length = 0;
  }

  private grow(): void {
    const old = this.buf;
    const size = old.length * 2;
    const next: (T | undefined)[] = new Array(size);
    for (let k = 0; k < this.length; k++) next[k] = old[(this.head + k) & this.mask];
    this.buf = next;
    this.mask = size - 1;
    this.head = 0;
  }
}
