// UDP: loop.create_datagram_endpoint over node:dgram. As with streams, Node events reach the
// protocol only as loop callbacks (one per datagram or error).
import * as dgram from "node:dgram";
import { isIP } from "node:net";
import type { Awaitable, Coroutine, EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import type { BaseProtocol, DatagramProtocol, SocketAddress } from "./protocols.js";
import type { DatagramTransport } from "./transports.js";
import { badBytes, checkFunction, checkOptions, checkPort, describe, loopFrom, waterMarks } from "./validate.js";

/**
 * Options for {@link createDatagramEndpoint}.
 * @public
 */
export interface DatagramEndpointOptions {
  /** The loop the endpoint runs on. @defaultValue the running loop */
  loop?: EventLoop | undefined;
  /** Bind to `[host, port]` (port 0: any free port). @defaultValue bound on first send */
  localAddr?: readonly [host: string, port: number] | null | undefined;
  /** Connect to `[host, port]`: `sendto(data)` needs no address, and only its datagrams arrive. */
  remoteAddr?: readonly [host: string, port: number] | null | undefined;
  /** 4 or 6: the socket's family. @defaultValue 6 if an address given is IPv6, else 4 */
  family?: 0 | 4 | 6 | undefined;
  /** Allow sending to broadcast addresses (SO_BROADCAST). @defaultValue false */
  allowBroadcast?: boolean | undefined;
}

/** @internal The UDP endpoint's transport. */
export class UdpTransport implements DatagramTransport {
  readonly _loop: EventLoop;
  readonly _socket: dgram.Socket;
  _protocol: BaseProtocol;
  /** The connected remote address, or null. */
  readonly _address: readonly [string, number] | null;
  readonly _extra: Record<string, unknown>;
  _closing = false;
  _lost = false;
  _connLost = 0;
  _bufferSize = 0;
  _high = 65536;
  _low = 16384;
  _protocolPaused = false;
  /** socket.close() was called (a second call would throw). */
  _socketClosed = false;

  constructor(loop: EventLoop, socket: dgram.Socket, protocol: BaseProtocol, address: readonly [string, number] | null, waiter: Future<void>) {
    this._loop = loop;
    this._socket = socket;
    this._protocol = protocol;
    this._address = address;
    this._extra = { socket };
    try {
      const a = socket.address();
      this._extra["sockname"] = [a.address, a.port];
    } catch {
      // not bound yet
    }
    if (address !== null) this._extra["peername"] = [...address];
    socket.on("message", this._onMessage);
    socket.on("error", this._onError);
    socket.on("close", this._onClose);
    loop.callSoon(() => this._protocol.connectionMade(this));
    loop.callSoon(() => !waiter.done() && waiter.setResult(undefined));
  }

  _closeSocket(): void {
    if (this._socketClosed) return;
    this._socketClosed = true;
    this._socket.close();
  }

  _post(cb: () => void): void {
    if (this._loop.isClosed()) {
      this._closeSocket();
      return;
    }
    this._loop.callSoon(cb);
  }

  readonly _onMessage = (msg: Buffer, rinfo: dgram.RemoteInfo): void => {
    if (this._closing) return;
    this._post(() => {
      if (this._closing) return;
      try {
        (this._protocol as DatagramProtocol).datagramReceived(msg, [rinfo.address, rinfo.port]);
      } catch (error) {
        this._fatalError(error, "Fatal error: protocol.datagramReceived() call failed.");
      }
    });
  };

  readonly _onError = (error: Error): void => {
    this._post(() => this._errorReceived(error));
  };

  readonly _onClose = (): void => {
    this._post(() => {
      if (this._lost) return;
      this._lost = this._closing = true;
      this._protocol.connectionLost(null);
    });
  };

  _errorReceived(error: Error): void {
    if (this._lost) return;
    try {
      (this._protocol as DatagramProtocol).errorReceived(error);
    } catch (e) {
      this._fatalError(e, "Fatal error: protocol.errorReceived() call failed.");
    }
  }

  _fatalError(error: unknown, message: string): void {
    this._loop.callExceptionHandler({ message, exception: error, transport: this, protocol: this._protocol });
    this.abort();
  }

  getExtraInfo(name: string, defaultValue: unknown = null): unknown {
    if (name === "sockname" && this._extra["sockname"] === undefined) {
      try {
        const a = this._socket.address();
        this._extra["sockname"] = [a.address, a.port];
      } catch {
        // still not bound
      }
    }
    const v = this._extra[name];
    return v === undefined ? defaultValue : v;
  }

  isClosing(): boolean {
    return this._closing;
  }

  setProtocol(protocol: BaseProtocol): void {
    this._protocol = protocol;
  }

  getProtocol(): BaseProtocol {
    return this._protocol;
  }

  getWriteBufferSize(): number {
    return this._bufferSize;
  }

  setWriteBufferLimits(high?: number | null, low?: number | null): void {
    [this._high, this._low] = waterMarks("DatagramTransport.setWriteBufferLimits", high, low);
    this._maybePause();
  }

  getWriteBufferLimits(): [low: number, high: number] {
    return [this._low, this._high];
  }

  sendto(data: Uint8Array, addr?: SocketAddress | null): void {
    if (!(data instanceof Uint8Array)) badBytes("DatagramTransport.sendto", "data", data);
    let target: readonly [string, number] | null = null;
    if (this._address !== null) {
      if (addr != null && !(Array.isArray(addr) && addr[0] === this._address[0] && addr[1] === this._address[1])) {
        throw new RangeError(`DatagramTransport.sendto(addr): Invalid address: must be null or [${this._address.join(", ")}], got ${describe(addr)}`);
      }
    } else {
      if (!Array.isArray(addr) || typeof addr[0] !== "string") {
        throw new TypeError(`DatagramTransport.sendto(addr): the endpoint is not connected: expected [host, port], got ${describe(addr)}`);
      }
      checkPort("DatagramTransport.sendto", addr[1]);
      target = addr as readonly [string, number];
    }
    if (this._closing) {
      this._connLost++;
      return;
    }
    const size = data.length;
    this._bufferSize += size;
    const done = (error: Error | null): void => {
      this._bufferSize -= size;
      if (error) this._post(() => this._errorReceived(error));
      if (this._protocolPaused && this._bufferSize <= this._low) this._post(this._maybeResume);
      if (this._closing && this._bufferSize === 0) this._closeSocket();
    };
    if (target === null) this._socket.send(data, done);
    else this._socket.send(data, target[1], target[0], done);
    this._maybePause();
  }

  _maybePause(): void {
    if (this._protocolPaused || this._bufferSize <= this._high) return;
    this._protocolPaused = true;
    try {
      this._protocol.pauseWriting();
    } catch (error) {
      this._loop.callExceptionHandler({ message: "protocol.pauseWriting() failed", exception: error, transport: this, protocol: this._protocol });
    }
  }

  readonly _maybeResume = (): void => {
    if (!this._protocolPaused || this._bufferSize > this._low) return;
    this._protocolPaused = false;
    try {
      this._protocol.resumeWriting();
    } catch (error) {
      this._loop.callExceptionHandler({ message: "protocol.resumeWriting() failed", exception: error, transport: this, protocol: this._protocol });
    }
  };

  close(): void {
    if (this._closing) return;
    this._closing = true;
    // Datagrams already handed to Node are sent first.
    if (this._bufferSize === 0) this._closeSocket();
  }

  abort(): void {
    if (this._lost) return;
    this._closing = true;
    this._closeSocket();
  }

  toString(): string {
    return `<DatagramTransport ${this._lost ? "closed" : this._closing ? "closing" : "open"} bufsize=${this._bufferSize}>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function checkAddr(fn: string, name: string, addr: unknown): readonly [string, number] | null {
  if (addr == null) return null;
  if (!Array.isArray(addr) || addr.length !== 2 || typeof addr[0] !== "string") {
    throw new TypeError(`${fn}(options.${name}): expected [host, port], got ${describe(addr)}`);
  }
  checkPort(`${fn}`, addr[1]);
  return [addr[0], Number(addr[1])];
}

/** Waits for a dgram operation that takes a callback or emits 'listening'/'error'. */
function* step(loop: EventLoop, socket: dgram.Socket, start: (done: (error?: Error | null) => void) => void): Coroutine<void> {
  const fut = new Future<void>({ loop });
  const finish = (error?: Error | null): void => {
    socket.off("error", finish);
    if (fut.done() || loop.isClosed()) return;
    if (error) fut.setException(error);
    else fut.setResult(undefined);
  };
  socket.once("error", finish);
  start(finish);
  yield* fut;
}

function* create<P extends BaseProtocol>(
  fn: string,
  factory: () => P,
  local: readonly [string, number] | null,
  remote: readonly [string, number] | null,
  options: DatagramEndpointOptions,
): Coroutine<[DatagramTransport, P]> {
  const loop = loopFrom(fn, options.loop);
  const v6 = options.family === 6 || (options.family !== 4 && [local, remote].some((a) => a !== null && isIP(a[0]) === 6));
  const socket = dgram.createSocket({ type: v6 ? "udp6" : "udp4" });
  socket.on("error", () => {}); // until the transport listens
  try {
    if (local !== null) yield* step(loop, socket, (done) => socket.bind(local[1], local[0], () => done()));
    if (remote !== null) yield* step(loop, socket, (done) => socket.connect(remote[1], remote[0], (e?: Error) => done(e ?? null)));
    if (options.allowBroadcast) {
      if (local === null && remote === null) yield* step(loop, socket, (done) => socket.bind(0, () => done()));
      socket.setBroadcast(true);
    }
  } catch (error) {
    socket.close();
    throw error;
  }
  let protocol: P;
  try {
    protocol = factory();
  } catch (error) {
    socket.close();
    throw error;
  }
  const waiter = new Future<void>({ loop });
  const transport = new UdpTransport(loop, socket, protocol, remote !== null ? [remoteName(socket, remote), remote[1]] : null, waiter);
  try {
    yield* waiter;
  } catch (error) {
    transport.abort();
    throw error;
  }
  return [transport, protocol];
}
thenable(create);

/** The remote address as the socket resolved it (what datagrams' `addr` will show). */
function remoteName(socket: dgram.Socket, remote: readonly [string, number]): string {
  try {
    return socket.remoteAddress().address;
  } catch {
    return remote[0];
  }
}

/**
 * Creates a UDP endpoint for a datagram protocol (`loop.create_datagram_endpoint`) and resolves
 * to `[transport, protocol]` once the protocol's `connectionMade` has run.
 *
 * @remarks
 * With `localAddr` the socket is bound (port 0: any free port, see
 * `transport.getExtraInfo("sockname")`); with `remoteAddr` it is connected, so
 * `sendto(data)` needs no address. Receive errors (and ICMP errors on a connected endpoint) go
 * to the protocol's `errorReceived`; the endpoint stays open.
 *
 * Cancellation: the socket is closed.
 * @example
 * ```ts
 * class Echo extends DatagramProtocol {
 *   t!: DatagramTransport;
 *   override connectionMade(t: DatagramTransport) { this.t = t; }
 *   override datagramReceived(data: Uint8Array, addr: SocketAddress) { this.t.sendto(data, addr); }
 * }
 * const [transport] = await createDatagramEndpoint(() => new Echo(), { localAddr: ["127.0.0.1", 9999] });
 * ```
 * @throws TypeError or RangeError (synchronously) for a bad argument.
 * @throws the bind or connect error (`EADDRINUSE`...).
 * @public
 */
export function createDatagramEndpoint<P extends BaseProtocol>(
  protocolFactory: () => P,
  options: DatagramEndpointOptions = {},
): Awaitable<[DatagramTransport, P]> {
  const fn = "createDatagramEndpoint";
  checkFunction(fn, "protocolFactory", protocolFactory);
  checkOptions(fn, "{ loop?, localAddr?, remoteAddr?, family?, allowBroadcast? }", options);
  const local = checkAddr(fn, "localAddr", options.localAddr);
  const remote = checkAddr(fn, "remoteAddr", options.remoteAddr);
  const family = options.family ?? 0;
  if (family !== 0 && family !== 4 && family !== 6) throw new RangeError(`${fn}(options.family): expected 0, 4 or 6, got ${describe(family)}`);
  return asAwaitable(create(fn, protocolFactory, local, remote, options));
}
