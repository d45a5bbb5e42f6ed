// The FIFO storage of `Queue`: a power-of-two ring buffer that doubles when full, so put and get
// are O(1) however long the queue gets (Array#shift is O(n) on large arrays; see PERFORMANCE.md).

/** @internal */
export class Ring<T> {
  #buf: (T | undefined)[] = [];
  #mask = -1;
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length > this.#mask) this.#grow();
    this.#buf[(this.#head + this.#length) & this.#mask] = item;
    this.#length++;
  }

  /** Removes and returns the oldest item; the caller checks `length` first. */
  shift(): T {
    const i = this.#head;
    const item = this.#buf[i] as T;
    this.#buf[i] = undefined; // let the item be collected
    this.#head = (i + 1) & this.#mask;
    this.#length--;
    return item;
  }

  /** The items, oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let k = 0; k < this.#length; k++) out.push(this.#buf[(this.#head + k) & this.#mask] as T);
    return out;
  }

  #grow(): void {
    const size = Math.max(4, this.#buf.length * 2);
    const next: (T | undefined)[] = new Array(size);
    for (let k = 0; k < this.#length; k++) next[k] = this.#buf[(this.#head + k) & this.#mask];
    this.#buf = next;
    this.#mask = size - 1;
    this.#head = 0;
  }
}
