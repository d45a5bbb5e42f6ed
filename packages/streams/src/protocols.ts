// asyncio's protocol classes (asyncio/protocols.py): the callbacks a transport calls. Each method
// here does nothing; a protocol subclasses one of them and overrides what it needs. Transports call
// these methods as loop callbacks (never from inside a Node event handler), one at a time, in the
// order CPython documents: connectionMade, then dataReceived* (or bufferUpdated*), then at most one
// eofReceived, then connectionLost exactly once.
import type { BaseTransport, DatagramTransport, Transport } from "./transports.js";

/**
 * An address as asyncio shows it: `[host, port]` for IPv4 and IPv6, a path for a Unix socket.
 * @public
 */
export type SocketAddress = readonly [host: string, port: number] | string;

/**
 * What every protocol gets (`asyncio.BaseProtocol`): the connection's start and end, and write
 * flow control.
 * @public
 */
export class BaseProtocol {
  /**
   * The connection is up: `transport` is the protocol's way to write, pause and close. Called once,
   * before any other callback.
   */
  connectionMade(transport: BaseTransport): void {
    void transport;
  }

  /**
   * The connection is gone (called exactly once, last). `exc` is null for a normal close or end of
   * stream, else the error that ended it (a Node system error such as `ECONNRESET`).
   */
  connectionLost(exc: Error | null): void {
    void exc;
  }

  /**
   * The transport's write buffer went over its high-water mark: stop writing until
   * {@link BaseProtocol.resumeWriting}. Writes still succeed meanwhile; they are buffered.
   */
  pauseWriting(): void {}

  /** The transport's write buffer fell to its low-water mark: writing may go on. */
  resumeWriting(): void {}
}

/**
 * A stream protocol (`asyncio.Protocol`): TCP, TLS and Unix sockets, pipes.
 * @example
 * ```ts
 * class Echo extends Protocol {
 *   transport!: Transport;
 *   override connectionMade(t: Transport) { this.transport = t; }
 *   override dataReceived(data: Uint8Array) { this.transport.write(data); }
 * }
 * const server = await createServer(() => new Echo(), "127.0.0.1", 0);
 * ```
 * @public
 */
export class Protocol extends BaseProtocol {
  /** {@inheritDoc BaseProtocol.connectionMade} */
  override connectionMade(transport: Transport): void {
    void transport;
  }

  /**
   * Bytes arrived. The chunk is the protocol's to keep (the transport does not reuse it); how the
   * byte stream is cut into chunks is arbitrary.
   */
  dataReceived(data: Uint8Array): void {
    void data;
  }

  /**
   * The peer ended its side of the stream (it will send nothing more). Return true to keep the
   * connection half-open (writing still works; close it yourself later); return false or nothing
   * and the transport closes. TLS transports always close.
   */
  eofReceived(): boolean | void {
    return undefined;
  }
}

/**
 * A stream protocol that supplies its own receive buffers (`asyncio.BufferedProtocol`).
 *
 * @remarks
 * For each chunk that arrives the transport asks {@link BufferedProtocol.getBuffer} for room,
 * copies as much as fits, and reports how much with {@link BufferedProtocol.bufferUpdated};
 * it asks again until the chunk is used up.
 * @public
 */
export class BufferedProtocol extends BaseProtocol {
  /** {@inheritDoc BaseProtocol.connectionMade} */
  override connectionMade(transport: Transport): void {
    void transport;
  }

  /**
   * Returns a non-empty buffer for the transport to fill. `sizeHint` is how many bytes are waiting
   * (more or less room is fine).
   */
  getBuffer(sizeHint: number): Uint8Array {
    void sizeHint;
    throw new Error("BufferedProtocol.getBuffer() must be overridden");
  }

  /** The transport wrote `nbytes` bytes at the start of the buffer `getBuffer` returned. */
  bufferUpdated(nbytes: number): void {
    void nbytes;
  }

  /** {@inheritDoc Protocol.eofReceived} */
  eofReceived(): boolean | void {
    return undefined;
  }
}

/**
 * A UDP protocol (`asyncio.DatagramProtocol`), used with `createDatagramEndpoint`.
 * @public
 */
export class DatagramProtocol extends BaseProtocol {
  /** {@inheritDoc BaseProtocol.connectionMade} */
  override connectionMade(transport: DatagramTransport): void {
    void transport;
  }

  /** A datagram arrived from `addr`. */
  datagramReceived(data: Uint8Array, addr: SocketAddress): void {
    void data;
    void addr;
  }

  /**
   * A send or receive failed (for example ICMP port unreachable after sending to a closed port on a
   * connected endpoint). The endpoint stays open.
   */
  errorReceived(exc: Error): void {
    void exc;
  }
}
