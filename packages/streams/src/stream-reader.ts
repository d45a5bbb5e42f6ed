import { FUTURE, getRunningLoop, type Awaitable, type EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import { ByteBuffer } from "./byte-buffer.js";
import { ReadAll, ReadExactly, ReadLine, ReadSome, ReadUntil } from "./read-ops.js";
import type { ReadTransport } from "./transports.js";
import { asBuffer, badBytes, checkLimit, checkOptions, describe, DEFAULT_LIMIT } from "./validate.js";

const NEWLINE = Buffer.from("\n");

/**
 * Options for {@link StreamReader}.
 * @public
 */
export interface StreamReaderOptions {
  /**
   * The longest line (or `readuntil` chunk) accepted, in bytes, not counting the separator. It is
   * also half the buffer size at which the reader pauses its transport.
   * @defaultValue 65536 (64 KiB, as asyncio)
   */
  limit?: number | undefined;
  /** The loop the reader's waits belong to. @defaultValue the loop running when a read waits */
  loop?: EventLoop | undefined;
}

/**
 * Reads from a byte stream (`asyncio.StreamReader`): `read`, `readline`, `readexactly`,
 * `readuntil`, and `for await` over lines.
 *
 * @remarks
 * A reader is fed by its producer — a transport's protocol ({@link StreamReaderProtocol}), or any
 * code — with {@link StreamReader.feedData}, {@link StreamReader.feedEof} and
 * {@link StreamReader.setException}. Reads take bytes out of the buffer; a read that needs more
 * waits for the next feed. One read may wait at a time.
 *
 * Flow control: once more than twice `limit` bytes are buffered the reader pauses its transport
 * (`pauseReading()`), and resumes it when a read brings the buffer back to `limit` or less.
 *
 * Cancellation (every read): a read cancelled while it waits takes nothing out of the buffer, so
 * the bytes that had arrived — and those that arrive later — go to the next read. A read that
 * returned has taken exactly what it returned.
 *
 * Returned chunks are Node `Buffer`s (a `Uint8Array`), often views of the chunk the transport
 * received: no copy is made unless a read spans chunks.
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("example.com", 80);
 * writer.write(Buffer.from("HEAD / HTTP/1.0\r\n\r\n"));
 * const status = await reader.readline();
 * for await (const header of reader) console.log(header.toString().trimEnd());
 * ```
 * @public
 */
export class StreamReader {
  /** @internal The limit (see the options). */
  readonly _limit: number;
  /** @internal The buffered bytes. */
  readonly _buffer = new ByteBuffer();
  /** @internal feedEof() was called. */
  _eof = false;
  /** @internal The future a read waits on, or null. */
  _waiter: Future<void> | null = null;
  /** @internal How many buffered bytes the waiting read needs before waking up is worth it. */
  _wanted = 1;
  /** @internal The error set with setException(), or null. */
  _exception: unknown = null;
  /** @internal The transport to pause and resume, or null. */
  _transport: ReadTransport | null = null;
  /** @internal The reader paused its transport. */
  _paused = false;
  /** @internal The loop given in the options, or null: the running loop is used. */
  readonly _loop: EventLoop | null;

  /**
   * Creates an empty reader.
   * @throws TypeError if `options` is not an options object or `options.limit` not a number.
   * @throws RangeError if `options.limit` is not positive.
   */
  constructor(options: StreamReaderOptions = {}) {
    checkOptions("StreamReader", "{ limit?, loop? }", options);
    this._limit = checkLimit("StreamReader", options.limit);
    this._loop = options.loop ?? null;
  }

  /** The error set with {@link StreamReader.setException}, or null. */
  exception(): unknown {
    return this._exception;
  }

  /**
   * Makes reads fail with `exc`: the read waiting now, and every later one (also reads that could
   * be served from the buffer). Protocols call it when the connection breaks.
   */
  setException(exc: unknown): void {
    this._exception = exc;
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.cancelled()) waiter.setException(exc);
    }
  }

  /**
   * Tells the reader which transport to pause when its buffer is full.
   * @throws Error if a transport was already set.
   */
  setTransport(transport: ReadTransport): void {
    if (this._transport !== null) throw new Error("StreamReader.setTransport(transport): Transport already set");
    this._transport = transport;
  }

  /** Marks the end of the stream: once the buffer is read, reads return what is left. */
  feedEof(): void {
    this._eof = true;
    this.#wakeUp();
  }

  /** True when the end of the stream was fed and the buffer is empty. */
  atEof(): boolean {
    return this._eof && this._buffer.length === 0;
  }

  /**
   * Appends bytes to the buffer and wakes a waiting read.
   *
   * @remarks
   * The reader keeps `data` by reference (no copy): the caller hands it over and must not modify it
   * afterwards (a transport never reuses a chunk it delivered).
   * @throws TypeError if `data` is not a Uint8Array.
   * @throws Error after {@link StreamReader.feedEof}.
   */
  feedData(data: Uint8Array): void {
    if (this._eof) throw new Error("StreamReader.feedData(data): feedData after feedEof");
    const chunk = Buffer.isBuffer(data) ? data : asBuffer("StreamReader.feedData", "data", data);
    if (chunk.length === 0) return;
    const buffer = this._buffer;
    buffer.push(chunk);
    // A readexactly(n) that would only find too few bytes and wait again is not woken (its
    // future, and a loop iteration, saved per chunk); pausing the transport always wakes it, since
    // the read resumes the transport when it waits again.
    if (this._waiter !== null && buffer.length >= this._wanted) this.#wakeUp();
    const transport = this._transport;
    if (transport !== null && !this._paused && buffer.length > 2 * this._limit) {
      this._paused = true;
      try {
        transport.pauseReading();
      } catch (error) {
        // A transport that cannot pause: buffer everything, and stop trying (CPython's rule).
        this._paused = false;
        this._transport = null;
        void error;
      }
      this.#wakeUp();
    }
  }

  /**
   * Reads up to `n` bytes: as soon as at least one byte is buffered, returns what there is (at most
   * `n`). With `n < 0` (the default), reads until the end of the stream and returns everything.
   * At end of stream returns an empty chunk; `n === 0` returns one at once.
   *
   * @remarks
   * Cancellation: see {@link StreamReader}; with `n < 0`, the chunks already collected are lost
   * with the cancelled call (as in CPython), the rest stays buffered.
   * @throws the error set with {@link StreamReader.setException}.
   * @throws TypeError if `n` is not a number.
   * @throws Error if another read is already waiting.
   */
  read(n = -1): Awaitable<Buffer> {
    if (typeof n !== "number" || n !== n) throw new TypeError(`StreamReader.read(n): expected a number of bytes, got ${describe(n)}`);
    return n < 0 ? new ReadAll(this) : new ReadSome(this, n === Infinity ? n : Math.floor(n));
  }

  /**
   * Reads one line, up to and including `\n`. At end of stream returns the incomplete last line
   * (without `\n`), then empty chunks.
   *
   * @remarks
   * Cancellation: see {@link StreamReader}.
   * @throws RangeError if the line is longer than `limit`: the line (up to and including its `\n`,
   * if it was found) is dropped from the buffer.
   * @throws the error set with {@link StreamReader.setException}.
   * @throws Error if another read is already waiting.
   */
  readline(): Awaitable<Buffer> {
    return new ReadLine(this);
  }

  /**
   * Reads exactly `n` bytes.
   *
   * @remarks
   * `n` may exceed `limit` (the transport is resumed while the read waits).
   * Cancellation: see {@link StreamReader}.
   * @throws {@link IncompleteReadError} if the stream ends first; its `partial` holds the bytes
   * that were left, now taken out of the buffer.
   * @throws RangeError if `n` is negative; TypeError if it is not a number.
   * @throws the error set with {@link StreamReader.setException}.
   */
  readexactly(n: number): Awaitable<Buffer> {
    if (typeof n !== "number" || n !== n) throw new TypeError(`StreamReader.readexactly(n): expected a number of bytes, got ${describe(n)}`);
    if (n < 0) throw new RangeError(`StreamReader.readexactly(n): readexactly size can not be less than zero, got ${n}`);
    return new ReadExactly(this, Math.floor(n));
  }

  /**
   * Reads up to and including `separator` (default `\n`). With an array of separators, the one that
   * ends the shortest chunk wins (CPython 3.13).
   *
   * @remarks
   * Cancellation: see {@link StreamReader}.
   * @throws {@link LimitOverrunError} if no separator is found within `limit` bytes, or the chunk
   * before it is longer than `limit`; the data stays buffered (`consumed` says how much to skip).
   * @throws {@link IncompleteReadError} if the stream ends first (`partial` holds what was left;
   * the buffer is emptied).
   * @throws TypeError if `separator` is not a Uint8Array or an array of them; RangeError if it is
   * empty.
   * @throws the error set with {@link StreamReader.setException}.
   */
  readuntil(separator: Uint8Array | readonly Uint8Array[] = NEWLINE): Awaitable<Buffer> {
    return new ReadUntil(this, checkSeparators(separator));
  }

  /**
   * Iterates over lines until the end of the stream (`async for line in reader`).
   * @example
   * ```ts
   * for await (const line of reader) console.log(line.toString());
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<Buffer, undefined> {
    return {
      next: async (): Promise<IteratorResult<Buffer, undefined>> => {
        const line = await this.readline();
        return line.length === 0 ? { done: true, value: undefined } : { done: false, value: line };
      },
    };
  }

  /** Shows the state, e.g. `<StreamReader 12 bytes eof>`. */
  toString(): string {
    const info = ["StreamReader"];
    if (this._buffer.length > 0) info.push(`${this._buffer.length} bytes`);
    if (this._eof) info.push("eof");
    if (this._limit !== DEFAULT_LIMIT) info.push(`limit=${this._limit}`);
    if (this._waiter !== null) info.push("waiting");
    if (this._exception !== null) info.push(`exception=${describe(this._exception)}`);
    if (this._paused) info.push("paused");
    return `<${info.join(" ")}>`;
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  // ---------------------------------------------------------------- the reads, as coroutines

  #wakeUp(): void {
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.cancelled()) waiter.setResult(undefined);
    }
  }

  /** @internal Resume the transport once the buffer is back to `limit` or less. */
  _maybeResumeTransport(): void {
    if (this._paused && this._buffer.length <= this._limit) {
      this._paused = false;
      this._transport!.resumeReading();
    }
  }

  /**
   * @internal The wait of a read: checks that no other read waits, resumes a paused transport (a
   * wait while paused would deadlock: `readexactly(n)` with n over the limit), and returns the
   * future that `feedData`, `feedEof` or `setException` completes (for `wanted` bytes). The read
   * (see read-ops.ts) waits on it and then calls {@link StreamReader._endWait}.
   */
  _startWait(fn: string, wanted = 1): Future<void> {
    if (this._waiter !== null) throw new Error(`StreamReader.${fn}() called while another coroutine is already waiting for incoming data`);
    if (this._paused) {
      this._paused = false;
      this._transport!.resumeReading();
    }
    const waiter = new Future<void>({ loop: this._loop ?? getRunningLoop() });
    this._waiter = waiter;
    this._wanted = wanted;
    waiter[FUTURE] = true;
    return waiter;
  }

  /** @internal The read's wait is over (woken, failed or cancelled). */
  _endWait(waiter: Future<void>): void {
    if (this._waiter === waiter) this._waiter = null;
  }
}

function checkSeparators(separator: unknown): readonly Buffer[] {
  let seps: Buffer[];
  if (separator instanceof Uint8Array) seps = [asBuffer("StreamReader.readuntil", "separator", separator)];
  else if (Array.isArray(separator)) {
    seps = separator.map((s: unknown, i) =>
      s instanceof Uint8Array ? asBuffer("StreamReader.readuntil", `separator[${i}]`, s) : badBytes("StreamReader.readuntil", `separator[${i}]`, s),
    );
    if (seps.length === 0) throw new RangeError("StreamReader.readuntil(separator): Separator should contain at least one element");
    seps.sort((a, b) => a.length - b.length);
  } else {
    throw new TypeError(`StreamReader.readuntil(separator): expected a Uint8Array or an array of them, got ${describe(separator)}`);
  }
  if (seps[0]!.length === 0) throw new RangeError("StreamReader.readuntil(separator): Separator should be at least one-byte string");
  return seps;
}
