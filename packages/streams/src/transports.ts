// asyncio's transport interfaces (asyncio/transports.py). A transport owns the connection (a
// socket, a pipe); its protocol is told what happens. These are interfaces: the socket and pipe
// transports of this package implement them, and so can other packages (a subprocess transport
// over a child's pipes) or a user's own transport.
import type { BaseProtocol, SocketAddress } from "./protocols.js";

/**
 * What every transport has (`asyncio.BaseTransport`).
 * @public
 */
export interface BaseTransport {
  /**
   * Information about the connection, by CPython's names: `"peername"`, `"sockname"`,
   * `"socket"` (the Node `net.Socket`), `"sslcontext"`, `"ssl_object"` (the `tls.TLSSocket`),
   * `"peercert"`, `"cipher"`, `"pipe"` (the Node stream of a pipe transport). Unknown names give
   * `defaultValue`.
   */
  getExtraInfo(name: string, defaultValue?: unknown): unknown;
  /** True once the transport is closing or closed. */
  isClosing(): boolean;
  /**
   * Closes the transport: buffered writes are still sent, nothing more is received, and the
   * protocol's `connectionLost(null)` follows. Closing twice does nothing.
   */
  close(): void;
  /** Replaces the protocol (later callbacks go to the new one). */
  setProtocol(protocol: BaseProtocol): void;
  /** The current protocol. */
  getProtocol(): BaseProtocol;
}

/**
 * The reading side (`asyncio.ReadTransport`): receive flow control.
 * @public
 */
export interface ReadTransport extends BaseTransport {
  /** True while the transport delivers received data (not paused, not closing). */
  isReading(): boolean;
  /**
   * Stops delivering data to the protocol until {@link ReadTransport.resumeReading}. No
   * `dataReceived` runs after this returns; the peer is slowed down by the kernel's buffers.
   * Does nothing if already paused or closing.
   */
  pauseReading(): void;
  /** Delivers data again (what arrived meanwhile comes first). Does nothing if not paused. */
  resumeReading(): void;
}

/**
 * The writing side (`asyncio.WriteTransport`): buffered writes with flow control.
 *
 * @remarks
 * Writes never block: they are buffered. When the buffer goes over the high-water mark the
 * transport calls the protocol's `pauseWriting()`, and when it falls back to the low-water mark,
 * `resumeWriting()` (what `StreamWriter.drain()` waits for).
 * @public
 */
export interface WriteTransport extends BaseTransport {
  /**
   * Sets the water marks, in bytes. With neither given the high mark is 64 KiB; a missing low mark
   * is a quarter of the high one, a missing high mark four times the low one.
   * @throws RangeError unless `high >= low >= 0`.
   */
  setWriteBufferLimits(high?: number | null, low?: number | null): void;
  /** The water marks as `[low, high]` (CPython's order). */
  getWriteBufferLimits(): [low: number, high: number];
  /** Bytes written but not yet handed to the operating system. */
  getWriteBufferSize(): number;
  /**
   * Sends `data` (buffered if it cannot go out at once). After the connection is lost, writes are
   * dropped silently, as in CPython.
   * @throws TypeError if `data` is not a Uint8Array.
   * @throws Error after `writeEof()`.
   */
  write(data: Uint8Array): void;
  /** Writes each chunk in order. */
  writelines(chunks: Iterable<Uint8Array>): void;
  /** Ends the writing side after the buffer is sent (TCP half-close); reading goes on. */
  writeEof(): void;
  /** Whether {@link WriteTransport.writeEof} is supported (false for TLS). */
  canWriteEof(): boolean;
  /**
   * Closes at once, dropping buffered writes; for TCP the peer sees a reset (RST). The protocol's
   * `connectionLost(null)` follows.
   */
  abort(): void;
}

/**
 * A two-way stream transport (`asyncio.Transport`): TCP, TLS, Unix sockets.
 * @public
 */
export interface Transport extends ReadTransport, WriteTransport {}

/**
 * A UDP endpoint (`asyncio.DatagramTransport`).
 * @public
 */
export interface DatagramTransport extends BaseTransport {
  /**
   * Sends one datagram to `addr`, or to the remote address the endpoint was connected to (then
   * `addr` must be omitted or equal to it).
   * @throws TypeError if `data` is not a Uint8Array; RangeError for an `addr` the endpoint cannot use.
   */
  sendto(data: Uint8Array, addr?: SocketAddress | null): void;
  /** Closes at once, dropping datagrams not sent yet. */
  abort(): void;
  /** Bytes queued for sending. */
  getWriteBufferSize(): number;
  /** {@inheritDoc WriteTransport.setWriteBufferLimits} */
  setWriteBufferLimits(high?: number | null, low?: number | null): void;
  /** {@inheritDoc WriteTransport.getWriteBufferLimits} */
  getWriteBufferLimits(): [low: number, high: number];
}
