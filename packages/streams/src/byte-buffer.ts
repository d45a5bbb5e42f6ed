// The reader's buffer: a queue of received chunks instead of CPython's one bytearray.
//
// Why a chunk queue: the transport hands over each chunk it receives (Node allocates a fresh
// Buffer per socket read and never reuses it), so the common reads — `read(n)` of whatever
// arrived, `readexactly(n)` within one chunk, a line inside one chunk — return a view of that
// chunk with no copy at all. Bytes are copied only when a read spans chunks (one Buffer.concat).
// Storage is an array used between a head and a tail index, never Array#shift, and never
// reallocated or truncated when it empties (both indexes go back to 0), so every operation is
// O(1) amortized per chunk (PERFORMANCE.md's trap) and a read allocates nothing of its own.

const EMPTY = Buffer.alloc(0);

/**
 * For \@aio/streams internals: a FIFO of bytes made of the chunks as they arrived (exported as
 * `_ByteBuffer` for types only).
 * @internal
 */
export class ByteBuffer {
  /** Chunks; the live ones are `chunks[first..end]`, and `chunks[first]` starts at `offset`. */
  private chunks: Buffer[] = [];
  private first = 0;
  private end = 0;
  private offset = 0;
  /** How many bytes it holds. */
  length = 0;

  /** Appends a chunk (kept by reference: the caller hands it over). */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks[this.end++] = chunk;
    this.length += chunk.length;
  }

  /** Drops every byte. */
  clear(): void {
    const chunks = this.chunks;
    for (let k = this.first; k < this.end; k++) chunks[k] = EMPTY;
    this.first = this.end = this.offset = this.length = 0;
  }

  /** Removes and returns the first `n` bytes (`n` is clamped to the length). */
  take(n: number): Buffer {
    if (n >= this.length) return this.takeAll();
    if (n <= 0) return EMPTY;
    const head = this.chunks[this.first]!;
    const avail = head.length - this.offset;
    if (n < avail) {
      const out = head.subarray(this.offset, this.offset + n);
      this.offset += n;
      this.length -= n;
      return out;
    }
    if (n === avail) {
      const out = this.offset === 0 ? head : head.subarray(this.offset);
      this.dropHead();
      this.length -= n;
      return out;
    }
    // Spans chunks: one copy.
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[this.first]!;
      const k = Math.min(c.length - this.offset, n - filled);
      c.copy(out, filled, this.offset, this.offset + k);
      filled += k;
      if (this.offset + k === c.length) this.dropHead();
      else this.offset += k;
    }
    this.length -= n;
    return out;
  }

  /** Removes and returns everything. */
  takeAll(): Buffer {
    const live = this.end - this.first;
    let out: Buffer;
    if (live === 0) out = EMPTY;
    else if (live === 1) {
      const c = this.chunks[this.first]!;
      out = this.offset === 0 ? c : c.subarray(this.offset);
    } else {
      const parts = this.chunks.slice(this.first, this.end);
      parts[0] = parts[0]!.subarray(this.offset);
      out = Buffer.concat(parts, this.length);
    }
    this.clear();
    return out;
  }

  /** The byte at `i` (0-based from the head); `i` must be in range. */
  at(i: number): number {
    let k = this.first;
    let pos = i + this.offset;
    for (;;) {
      const c = this.chunks[k]!;
      if (pos < c.length) return c[pos]!;
      pos -= c.length;
      k++;
    }
  }

  /** Whether `sep` occurs at index `at`. */
  startsWith(sep: Uint8Array, at: number): boolean {
    if (at + sep.length > this.length) return false;
    for (let j = 0; j < sep.length; j++) if (this.at(at + j) !== sep[j]) return false;
    return true;
  }

  /** The index of the first `sep` at or after `from`, or -1. */
  indexOf(sep: Uint8Array, from: number): number {
    const seplen = sep.length;
    let base = 0; // index of the current chunk's first live byte
    for (let k = this.first; k < this.end; k++) {
      const c = this.chunks[k]!;
      const start = k === this.first ? this.offset : 0;
      const len = c.length - start;
      if (from < base + len) {
        const local = Math.max(0, from - base);
        const i = c.indexOf(sep, start + local);
        if (i >= 0) return base + i - start;
        // A separator that begins near the end of this chunk and runs into the next ones.
        if (seplen > 1 && k + 1 < this.end) {
          for (let p = Math.max(local, len - seplen + 1); p < len; p++) {
            if (this.startsWith(sep, base + p)) return base + p;
          }
        }
      }
      base += len;
    }
    return -1;
  }

  private dropHead(): void {
    this.chunks[this.first++] = EMPTY;
    this.offset = 0;
    if (this.first === this.end) {
      this.first = this.end = 0;
    } else if (this.first >= 32 && this.first * 2 >= this.end) {
      // Mostly consumed: move the live chunks to the front.
      const chunks = this.chunks;
      chunks.copyWithin(0, this.first, this.end);
      for (let k = this.end - this.first; k < this.end; k++) chunks[k] = EMPTY;
      this.end -= this.first;
      this.first = 0;
    }
  }
}
