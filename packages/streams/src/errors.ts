// The errors of asyncio's streams (asyncio/exceptions.py), plus the one connection error the
// streams raise themselves. Errors that come from the operating system (ECONNRESET, EPIPE,
// ECONNREFUSED...) reach the user as Node's own system errors, with their `code`.

function setName(cls: { prototype: Error }, name: string): void {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}

/**
 * The stream ended before a read was complete (`asyncio.IncompleteReadError`): raised by
 * `readexactly(n)` and `readuntil(separator)` at end of stream.
 *
 * @remarks
 * The bytes read before the end are in `partial`; they have been taken out of the reader's buffer.
 * @public
 */
export class IncompleteReadError extends Error {
  /** The bytes that were read before the end of the stream. */
  readonly partial: Uint8Array;
  /** How many bytes were expected (`readexactly(n)`), or null when not known (`readuntil`). */
  readonly expected: number | null;

  /** Creates the error; the message says how many bytes were read out of how many. */
  constructor(partial: Uint8Array, expected: number | null) {
    super(`${partial.length} bytes read on a total of ${String(expected)} expected bytes`);
    this.partial = partial;
    this.expected = expected;
  }
}
setName(IncompleteReadError, "IncompleteReadError");

/**
 * `readuntil()` found no separator within the reader's limit (`asyncio.LimitOverrunError`).
 *
 * @remarks
 * The data stays in the reader's buffer: `consumed` says how many bytes a caller would have to
 * read (with `read(n)` or `readexactly(n)`) to skip past it.
 * @public
 */
export class LimitOverrunError extends Error {
  /** How many bytes to consume to get past the offending data. */
  readonly consumed: number;

  /** Creates the error with its message and the number of bytes to consume. */
  constructor(message: string, consumed: number) {
    super(message);
    this.consumed = consumed;
  }
}
setName(LimitOverrunError, "LimitOverrunError");

/**
 * The connection was lost while a writer waited for it (Python's `ConnectionResetError`).
 *
 * @remarks
 * `StreamWriter.drain()` raises it once the transport has closed without an error of its own.
 * Its `code` is `"ECONNRESET"`, like the system error Node reports when the peer resets the
 * connection, so one check on `err.code` covers both.
 * @public
 */
export class ConnectionResetError extends Error {
  /** Always `"ECONNRESET"`. */
  readonly code = "ECONNRESET";

  /** Creates the error; the default message is `"Connection lost"`. */
  constructor(message = "Connection lost") {
    super(message);
  }
}
setName(ConnectionResetError, "ConnectionResetError");
