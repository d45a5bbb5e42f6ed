// The reads of a StreamReader, each written once as a step function and driven two ways.
//
// A read is a small state machine: `step(first)` either finishes (returns the bytes or throws) or
// answers WAIT, and the reader then waits for the next feed (its `_startWait` future) before
// stepping again. `yield*` drives it from a generator (the future is yielded to the task, exactly
// what CPython's `await self._waiter` does); `await` drives it from a `then` that subscribes to
// the same future directly, which costs an async-function task no generator, no helper async
// function and no extra microtask hop per read.
//
// Either way the bytes are taken out of the buffer only by a step that runs in the reading task,
// after its wait ended: a read cancelled while it waits takes nothing (CPython's guarantee). And,
// like a coroutine, a read does nothing until it is awaited.
import { FUTURE, _microtask, type Awaitable } from "@aio/core";
import type { Future } from "@aio/future";
import { IncompleteReadError, LimitOverrunError } from "./errors.js";
import type { StreamReader } from "./stream-reader.js";

/** @internal What `step` answers when the read must wait for more data. */
export const WAIT: unique symbol = Symbol("wait");

const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from("\n");

/** @internal One read; see the file comment. */
export abstract class ReadOp implements Awaitable<Buffer> {
  /** How many buffered bytes make waking the read worthwhile. */
  wanted = 1;
  #promise: Promise<Buffer> | null = null;

  constructor(
    readonly reader: StreamReader,
    readonly fn: string,
  ) {}

  /** One attempt: the result, or WAIT. `first` is true for the attempt made before any wait. */
  abstract step(first: boolean): Buffer | typeof WAIT;

  #gen: Generator<unknown, Buffer, unknown> | null = null;

  /** `yield*` (and a task that runs the read as its coroutine) steps this generator. */
  [Symbol.iterator](): Generator<unknown, Buffer, unknown> {
    return (this.#gen ??= this.#steps());
  }

  /** Coroutine protocol: a read is a coroutine (`isCoroutine` is true), so `waitFor(read, t)` and `createTask(read)` run it as one. */
  next(value?: unknown): IteratorResult<unknown, Buffer> {
    return this[Symbol.iterator]().next(value);
  }

  /** Coroutine protocol: throws `error` in at the read's wait. */
  throw(error: unknown): IteratorResult<unknown, Buffer> {
    return this[Symbol.iterator]().throw(error);
  }

  /** Coroutine protocol: ends the read early. */
  return(value: Buffer): IteratorResult<unknown, Buffer> {
    return this[Symbol.iterator]().return(value);
  }

  *#steps(): Generator<unknown, Buffer, unknown> {
    const r = this.reader;
    let v = this.step(true);
    while (v === WAIT) {
      const w = r._startWait(this.fn, this.wanted);
      try {
        yield w;
      } finally {
        r._endWait(w);
      }
      v = this.step(false);
    }
    return v;
  }

  then<R1 = Buffer, R2 = never>(
    onFulfilled?: ((value: Buffer) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return (this.#promise ??= new Promise<Buffer>((resolve, reject) => this.#attempt(true, resolve, reject))).then(onFulfilled, onRejected);
  }

  #attempt(first: boolean, resolve: (v: Buffer) => void, reject: (e: unknown) => void): void {
    const r = this.reader;
    let w: Future<void>;
    try {
      const v = this.step(first);
      if (v !== WAIT) {
        resolve(v);
        return;
      }
      w = r._startWait(this.fn, this.wanted);
    } catch (error) {
      reject(error);
      return;
    }
    // Subscribing through the future's `then` tells the awaiting task what it waits on, so
    // cancelling the task cancels this wait (as an `await` of the future would). The future calls
    // back from the loop's iteration, where the task's step begins; the next attempt runs in a
    // microtask, in that step (where a new wait is again the task's, and bytes are taken by it).
    w[FUTURE] = false;
    w.then(
      () => {
        _microtask(() => {
          r._endWait(w);
          this.#attempt(false, resolve, reject);
        });
      },
      (error: unknown) => {
        r._endWait(w);
        reject(error);
      },
    );
  }
}

/** @internal `read(n)` with n > 0: waits once, then takes what is there (at most n). */
export class ReadSome extends ReadOp {
  constructor(
    reader: StreamReader,
    readonly n: number,
  ) {
    super(reader, "read");
  }

  step(first: boolean): Buffer | typeof WAIT {
    const r = this.reader;
    if (first) {
      if (r._exception !== null) throw r._exception;
      if (this.n === 0) return EMPTY;
      if (r._buffer.length === 0 && !r._eof) return WAIT;
    }
    const data = r._buffer.take(this.n);
    r._maybeResumeTransport();
    return data;
  }
}

/** @internal `read()` (n < 0): limit-sized blocks until EOF, joined. */
export class ReadAll extends ReadOp {
  readonly blocks: Buffer[] = [];
  #block: ReadSome | null = null;

  constructor(reader: StreamReader) {
    super(reader, "read");
  }

  step(first: boolean): Buffer | typeof WAIT {
    const r = this.reader;
    if (first && r._exception !== null) throw r._exception;
    for (;;) {
      // Each block is a read(limit): its first step, or its step after the wait it asked for.
      const resumed = this.#block;
      const block = resumed !== null ? resumed.step(false) : (this.#block = new ReadSome(r, r._limit)).step(true);
      if (block === WAIT) return WAIT;
      this.#block = null;
      if (block.length === 0) break;
      this.blocks.push(block);
    }
    return this.blocks.length === 1 ? this.blocks[0]! : Buffer.concat(this.blocks);
  }
}

/** @internal `readexactly(n)`. */
export class ReadExactly extends ReadOp {
  constructor(
    reader: StreamReader,
    readonly n: number,
  ) {
    super(reader, "readexactly");
    this.wanted = n;
  }

  step(first: boolean): Buffer | typeof WAIT {
    const r = this.reader;
    if (first) {
      if (r._exception !== null) throw r._exception;
      if (this.n === 0) return EMPTY;
    }
    if (r._buffer.length < this.n) {
      if (r._eof) throw new IncompleteReadError(r._buffer.takeAll(), this.n);
      return WAIT;
    }
    const data = r._buffer.take(this.n);
    r._maybeResumeTransport();
    return data;
  }
}

/** @internal `readuntil(separators)` (CPython 3.13); `seps` sorted by length, shortest first. */
export class ReadUntil extends ReadOp {
  /** How many bytes from the start are known to hold no separator. */
  offset = 0;

  constructor(
    reader: StreamReader,
    readonly seps: readonly Buffer[],
    fn = "readuntil",
  ) {
    super(reader, fn);
  }

  step(first: boolean): Buffer | typeof WAIT {
    const r = this.reader;
    const seps = this.seps;
    if (first && r._exception !== null) throw r._exception;
    const buffer = r._buffer;
    const buflen = buffer.length;
    if (buflen - this.offset >= seps[0]!.length) {
      let matchStart = -1;
      let matchEnd = -1;
      for (const sep of seps) {
        const i = buffer.indexOf(sep, this.offset);
        if (i !== -1 && (matchEnd === -1 || i + sep.length < matchEnd)) {
          matchStart = i;
          matchEnd = i + sep.length;
        }
      }
      if (matchEnd !== -1) {
        if (matchStart > r._limit) throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
        const chunk = buffer.take(matchEnd);
        r._maybeResumeTransport();
        return chunk;
      }
      this.offset = Math.max(0, buflen + 1 - seps[seps.length - 1]!.length);
      if (this.offset > r._limit) throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", this.offset);
    }
    // A complete separator may have come with the last chunk: look before giving up at EOF.
    if (r._eof) throw new IncompleteReadError(buffer.takeAll(), null);
    return WAIT;
  }
}

const NEWLINES: readonly Buffer[] = [NEWLINE];

/** @internal `readline()`: readuntil("\n"), with CPython's handling of its two errors. */
export class ReadLine extends ReadUntil {
  constructor(reader: StreamReader) {
    // A waiting readline() says "readuntil()" in its error, as CPython's does.
    super(reader, NEWLINES, "readuntil");
  }

  override step(first: boolean): Buffer | typeof WAIT {
    try {
      return super.step(first);
    } catch (e) {
      if (e instanceof IncompleteReadError) return e.partial as Buffer;
      if (e instanceof LimitOverrunError) {
        const r = this.reader;
        if (r._buffer.startsWith(NEWLINE, e.consumed)) r._buffer.take(e.consumed + 1);
        else r._buffer.clear();
        r._maybeResumeTransport();
        throw new RangeError(e.message);
      }
      throw e;
    }
  }
}
