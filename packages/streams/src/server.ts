import * as net from "node:net";
import type { Awaitable, Coroutine, EventLoop } from "@aio/core";
import { CancelledError } from "@aio/core";
import { Future } from "@aio/future";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import { guardErrors } from "./guard.js";
import { NodeStreamTransport } from "./node-stream-transport.js";
import type { BaseProtocol } from "./protocols.js";
import type { Transport } from "./transports.js";
import { handshake, serverTlsSocket, tlsExtra, type TlsSettings } from "./tls.js";

/**
 * A listening server (`asyncio.Server`), made by `startServer`, `createServer` and their Unix
 * variants.
 *
 * @remarks
 * Each accepted connection gets a protocol from the factory and a transport (for `startServer`: a
 * reader, a writer and a task running the client callback). `close()` stops listening but leaves
 * the live connections alone; `waitClosed()` waits until the server is closed **and** every
 * connection has ended (CPython 3.12.1+); `closeClients()`/`abortClients()` end them.
 *
 * A server keeps the Node process alive while it listens, as a `net.Server` does: close it (or use
 * `await using`).
 * @example
 * ```ts
 * await using server = await startServer(handle, "127.0.0.1", 0);
 * const port = (server.sockets[0]!.address() as AddressInfo).port;
 * await server.serveForever();
 * ```
 * @public
 */
export class Server implements AsyncDisposable {
  /** @internal The loop the server runs on. */
  readonly _loop: EventLoop;
  /** @internal The listening Node servers; null once closed. */
  _servers: net.Server[] | null;
  /** @internal Makes the protocol of each connection. */
  readonly _factory: () => BaseProtocol;
  /** @internal TLS settings for accepted connections, or null. */
  readonly _tls: TlsSettings | null;
  /** @internal Seconds a TLS handshake may take. */
  readonly _handshakeTimeout: number;
  /** @internal The Unix socket path, or null for TCP. */
  readonly _path: string | null;
  /** @internal Live connections. */
  readonly _clients = new Set<Transport>();
  /** @internal waitClosed() waiters; null once woken for good. */
  _waiters: Future<void>[] | null = [];
  /** @internal Accepting connections. */
  _serving = false;
  /** @internal The future serveForever() waits on. */
  _servingForeverFut: Future<void> | null = null;
  /** @internal Connections accepted by Node before startServing(). */
  _held: net.Socket[] = [];

  static {
    thenable(Server.#startServing);
    thenable(Server.#serveForever);
    thenable(Server.#waitClosed);
  }

  /** @internal Made by createServer/startServer and their Unix variants. */
  constructor(loop: EventLoop, servers: net.Server[], factory: () => BaseProtocol, tls: TlsSettings | null, handshakeTimeout: number, path: string | null) {
    this._loop = loop;
    this._servers = servers;
    this._factory = factory;
    this._tls = tls;
    this._handshakeTimeout = handshakeTimeout;
    this._path = path;
    for (const s of servers) s.on("connection", this._onConnection);
  }

  /** The loop the server runs on. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** True while the server accepts connections. */
  isServing(): boolean {
    return this._serving;
  }

  /**
   * The listening sockets, as Node `net.Server`s (`server.sockets[0].address()` gives the address
   * and port); empty once closed.
   */
  get sockets(): readonly net.Server[] {
    return this._servers === null ? [] : [...this._servers];
  }

  /**
   * Stops listening. Live connections stay open (see `closeClients()`); a `serveForever()` in
   * progress is cancelled. Closing twice does nothing.
   */
  close(): void {
    const servers = this._servers;
    if (servers === null) return;
    this._servers = null;
    for (const s of servers) {
      s.off("connection", this._onConnection);
      s.close();
    }
    for (const socket of this._held) socket.destroy();
    this._held = [];
    this._serving = false;
    const fut = this._servingForeverFut;
    if (fut !== null && !fut.done()) {
      fut.cancel();
      this._servingForeverFut = null;
    }
    if (this._clients.size === 0) this.#wakeUp();
  }

  /** Closes every live connection (buffered writes are still sent). */
  closeClients(): void {
    for (const t of [...this._clients]) t.close();
  }

  /** Aborts every live connection at once. */
  abortClients(): void {
    for (const t of [...this._clients]) t.abort();
  }

  /**
   * Starts accepting connections, for a server made with `startServing: false` (does nothing if it
   * already serves). Connections that arrived meanwhile are accepted now.
   */
  startServing(): Awaitable<void> {
    return asAwaitable(Server.#startServing(this));
  }

  /**
   * Accepts connections until cancelled (`await server.serve_forever()`).
   *
   * @remarks
   * Cancellation: the server is closed and the call waits for the live connections to end (as
   * `waitClosed()`), then ends with the CancelledError. `close()` from elsewhere ends it the same
   * way.
   * @throws Error if another `serveForever()` is in progress, or the server is closed.
   */
  serveForever(): Awaitable<void> {
    return asAwaitable(Server.#serveForever(this));
  }

  /**
   * Waits until the server is closed and every connection it accepted has ended.
   * @remarks Cancellation: only the wait is cancelled.
   */
  waitClosed(): Awaitable<void> {
    return asAwaitable(Server.#waitClosed(this));
  }

  /** `await using server = ...`: closes the server and waits as {@link Server.waitClosed} does. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }

  /** Shows the addresses, e.g. `<Server sockets=[127.0.0.1:8888]>`. */
  toString(): string {
    const names = this.sockets.map((s) => {
      const a = s.address();
      return a === null ? "?" : typeof a === "string" ? a : `${a.address}:${a.port}`;
    });
    return `<Server sockets=[${names.join(", ")}]>`;
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @internal A transport of this server started. */
  _attach(transport: Transport): void {
    this._clients.add(transport);
  }

  /** @internal A transport of this server ended. */
  _detach(transport: Transport): void {
    this._clients.delete(transport);
    if (this._clients.size === 0 && this._servers === null) this.#wakeUp();
  }

  /** @internal Serving starts (no-op if it has). */
  _startServing(): void {
    if (this._serving || this._servers === null) return;
    this._serving = true;
    const held = this._held;
    this._held = [];
    for (const socket of held) this._loop.callSoon(this._accept, socket);
  }

  #wakeUp(): void {
    const waiters = this._waiters;
    this._waiters = null;
    if (waiters !== null) for (const w of waiters) if (!w.done()) w.setResult(undefined);
  }

  /** Node accepted a connection: take it over in a loop callback (or hold it until serving starts). */
  readonly _onConnection = (socket: net.Socket): void => {
    guardErrors(socket);
    if (this._servers === null || this._loop.isClosed()) {
      socket.destroy();
      return;
    }
    if (!this._serving) {
      this._held.push(socket);
      return;
    }
    this._loop.callSoon(this._accept, socket);
  };

  /** Runs as a loop callback: a protocol and a transport for `socket`. */
  readonly _accept = (socket: net.Socket): void => {
    if (this._servers === null) {
      socket.destroy();
      return;
    }
    if (this._tls !== null) {
      this._loop.createTask(Server.#acceptTls(this, socket, this._tls));
      return;
    }
    this._finishAccept(socket, socket, this._path === null ? undefined : { sockname: this._path, peername: "" });
  };

  /** @internal A protocol and a transport for an accepted (and, with TLS, handshaken) socket. */
  _finishAccept(stream: net.Socket, raw: net.Socket, extra: Record<string, unknown> | undefined): void {
    let protocol: BaseProtocol;
    try {
      protocol = this._factory();
    } catch (error) {
      stream.destroy();
      this._loop.callExceptionHandler({ message: "Error on transport creation for incoming connection", exception: error, socket: raw });
      return;
    }
    const kind = stream !== raw ? "tls" : this._path === null ? "tcp" : "unix";
    new NodeStreamTransport(stream, protocol, { loop: this._loop, kind, extra, owner: this });
  }

  static *#acceptTls(s: Server, raw: net.Socket, settings: TlsSettings): Coroutine<void> {
    const secure = serverTlsSocket(raw, settings);
    try {
      yield* handshake(s._loop, secure, true, s._handshakeTimeout, settings);
    } catch (error) {
      // A failed handshake never reaches the protocol (asyncio only logs it in debug mode).
      if (error instanceof CancelledError) throw error;
      return;
    }
    if (s._servers === null) {
      secure.destroy();
      return;
    }
    const extra = tlsExtra(secure, raw, settings.context);
    if (s._path !== null) Object.assign(extra, { sockname: s._path, peername: "" });
    s._finishAccept(secure, raw, extra);
  }

  static *#startServing(s: Server): Coroutine<void> {
    s._startServing();
    yield; // one iteration, so the connections it took over are accepted
  }

  static *#serveForever(s: Server): Coroutine<void> {
    if (s._servingForeverFut !== null) throw new Error(`server ${s} is already being awaited on serveForever()`);
    if (s._servers === null) throw new Error(`server ${s} is closed`);
    s._startServing();
    const fut = (s._servingForeverFut = new Future<void>({ loop: s._loop }));
    try {
      yield* fut;
    } catch (error) {
      if (error instanceof CancelledError) {
        try {
          s.close();
          yield* Server.#waitClosed(s);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw error;
        }
      }
      throw error;
    } finally {
      if (s._servingForeverFut === fut) s._servingForeverFut = null;
    }
  }

  static *#waitClosed(s: Server): Coroutine<void> {
    const waiters = s._waiters;
    if (waiters === null) return;
    const waiter = new Future<void>({ loop: s._loop });
    waiters.push(waiter);
    try {
      yield* waiter;
    } finally {
      const i = s._waiters?.indexOf(waiter) ?? -1;
      if (i >= 0) s._waiters!.splice(i, 1);
    }
  }
}
