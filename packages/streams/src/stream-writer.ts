import type { Awaitable, Coroutine } from "@aio/core";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import type { FlowControlProtocol } from "./flow-control.js";
import type { StreamReader } from "./stream-reader.js";
import { startTlsOnTransport, type StartTlsOptions, type TlsContext } from "./tls.js";
import type { Transport, WriteTransport } from "./transports.js";
import { describe } from "./validate.js";

const FINISHED: IteratorResult<unknown, void> = Object.freeze({ done: true, value: undefined });
const FINISHED_ITERATOR: Iterator<unknown, void, unknown> = Object.freeze({ next: () => FINISHED });

/**
 * What `drain()` returns when it has nothing to wait for: an already-resolved native promise
 * (the cheapest thing to `await`) that `yield*` also finishes at once. Nothing about it changes,
 * so one object serves every call.
 */
const DONE: Awaitable<void> = Object.assign(Promise.resolve(), {
  [Symbol.iterator]: (): Iterator<unknown, void, unknown> => FINISHED_ITERATOR,
});

/**
 * Writes to a byte stream (`asyncio.StreamWriter`): a thin layer over a {@link WriteTransport} that
 * adds {@link StreamWriter.drain} (wait for room in the write buffer) and
 * {@link StreamWriter.waitClosed}.
 *
 * @remarks
 * `write()` never blocks and never fails for lack of room: bytes go to the transport's buffer. Call
 * `drain()` after writing to wait while that buffer is over its high-water mark, which is what
 * keeps memory bounded when the peer reads slowly.
 *
 * Any transport that implements {@link WriteTransport} will do, with a {@link FlowControlProtocol}
 * as its protocol: `new StreamWriter(transport, protocol, reader)` is how `openConnection`,
 * `startServer` and child-process pipes build theirs.
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("127.0.0.1", port);
 * writer.write(Buffer.from("ping\n"));
 * await writer.drain();
 * console.log((await reader.readline()).toString());
 * writer.close();
 * await writer.waitClosed();
 * ```
 * @public
 */
export class StreamWriter {
  /** @internal The transport (replaced by startTls). */
  _transport: WriteTransport;
  /** @internal The protocol that drain() and waitClosed() wait on. */
  readonly _protocol: FlowControlProtocol;
  /** @internal The reading side, whose error drain() reports. */
  readonly _reader: StreamReader | null;

  static {
    thenable(StreamWriter.#drain);
    thenable(StreamWriter.#startTls);
  }

  /**
   * Wraps `transport`, whose protocol is `protocol`; `reader` (or null) is the reading side, whose
   * error `drain()` reports.
   * @throws TypeError if `transport` has no `write` method or `protocol` no `_drainHelper`.
   */
  constructor(transport: WriteTransport, protocol: FlowControlProtocol, reader: StreamReader | null) {
    if (transport === null || typeof transport !== "object" || typeof transport.write !== "function") {
      throw new TypeError(`StreamWriter(transport): expected a WriteTransport, got ${describe(transport)}`);
    }
    if (protocol === null || typeof protocol !== "object" || typeof protocol._drainHelper !== "function") {
      throw new TypeError(`StreamWriter(transport, protocol): expected a FlowControlProtocol, got ${describe(protocol)}`);
    }
    this._transport = transport;
    this._protocol = protocol;
    this._reader = reader ?? null;
  }

  /** The transport underneath. */
  get transport(): WriteTransport {
    return this._transport;
  }

  /**
   * Writes `data` (buffered by the transport; follow with `drain()`).
   * @throws TypeError if `data` is not a Uint8Array.
   * @throws Error after `writeEof()`.
   */
  write(data: Uint8Array): void {
    this._transport.write(data);
  }

  /** Writes each chunk, in order. */
  writelines(chunks: Iterable<Uint8Array>): void {
    this._transport.writelines(chunks);
  }

  /** Ends the writing side once the buffer is sent (half-close); reading goes on. */
  writeEof(): void {
    this._transport.writeEof();
  }

  /** Whether `writeEof()` is supported (false for TLS). */
  canWriteEof(): boolean {
    return this._transport.canWriteEof();
  }

  /** Closes the stream once buffered writes are sent; follow with `waitClosed()`. */
  close(): void {
    this._transport.close();
  }

  /** True once the stream is closing or closed. */
  isClosing(): boolean {
    return this._transport.isClosing();
  }

  /**
   * Waits until the connection has ended.
   *
   * @remarks
   * Fails with the connection's error if it ended with one (a reset, for example).
   * Cancellation: only the wait is cancelled; the stream closes anyway.
   */
  waitClosed(): Awaitable<void> {
    return this._protocol._getCloseWaiter(this);
  }

  /** The transport's information by name (`"peername"`, `"sockname"`, `"socket"`, ...), see {@link BaseTransport.getExtraInfo}. */
  getExtraInfo(name: string, defaultValue?: unknown): unknown {
    return this._transport.getExtraInfo(name, defaultValue);
  }

  /**
   * Waits until the write buffer is back under its low-water mark (at once if it is not over the
   * high-water mark).
   *
   * @remarks
   * Call it after `write()`: `writer.write(data); await writer.drain();`.
   *
   * Cancellation: only the wait is cancelled; nothing written is lost, and the writer stays usable
   * (a later `drain()` waits again).
   * @throws the reader's error if the connection broke (what {@link StreamReader.exception} holds).
   * @throws {@link ConnectionResetError} if the connection is closed.
   */
  drain(): Awaitable<void> {
    // The common case (room in the buffer, nothing wrong): a shared, already-finished awaitable,
    // with no generator or future allocated.
    const reader = this._reader;
    const p = this._protocol;
    if (!p._paused && !p._connectionLost && (reader === null || reader._exception === null) && !this._transport.isClosing()) return DONE;
    return asAwaitable(StreamWriter.#drain(this));
  }

  /**
   * Upgrades the connection to TLS (`StreamWriter.start_tls`): after `drain()`, the transport is
   * replaced by a TLS one over the same socket, and both this writer and its reader go on over it.
   *
   * @remarks
   * The side is taken from the protocol: a stream from `startServer` is the server side, one from
   * `openConnection` the client side. `ssl` is a `tls.SecureContext`, or `true` for Node's defaults
   * (client side only).
   *
   * Cancellation: cancelling it during the handshake closes the connection.
   * @throws the TLS handshake's error (for example a certificate that does not verify).
   */
  startTls(ssl: TlsContext, options: StartTlsOptions = {}): Awaitable<void> {
    return asAwaitable(StreamWriter.#startTls(this, ssl, options));
  }

  /** Shows the transport and reader, e.g. `<StreamWriter transport=<SocketTransport fd=…>>`. */
  toString(): string {
    const info = [`StreamWriter transport=${String(this._transport)}`];
    if (this._reader !== null) info.push(`reader=${String(this._reader)}`);
    return `<${info.join(" ")}>`;
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  static *#drain(w: StreamWriter): Coroutine<void> {
    const reader = w._reader;
    if (reader !== null) {
      const exc = reader.exception();
      if (exc !== null) throw exc;
    }
    // One iteration, so that a transport closing now can call connectionLost() and drain()
    // reports the closed connection instead of returning.
    if (w._transport.isClosing()) yield;
    yield* w._protocol._drainHelper();
  }

  static *#startTls(w: StreamWriter, ssl: TlsContext, options: StartTlsOptions): Coroutine<void> {
    const protocol = w._protocol as FlowControlProtocol & { _clientConnected?: unknown; _replaceTransport?(t: Transport): void };
    const serverSide = protocol._clientConnected != null;
    yield* StreamWriter.#drain(w);
    const transport = yield* startTlsOnTransport(w._transport as Transport, protocol, ssl, { ...options, serverSide });
    w._transport = transport;
    protocol._replaceTransport?.(transport);
    if (w._reader !== null) w._reader._transport = transport;
  }
}
