// Client connections: loop.create_connection / create_unix_connection and the stream helpers
// open_connection / open_unix_connection, as free functions on the running loop.
import * as net from "node:net";
import * as tls from "node:tls";
import type { Coroutine, EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import { guardErrors } from "./guard.js";
import { NodeStreamTransport, type StreamKind } from "./node-stream-transport.js";
import type { BaseProtocol } from "./protocols.js";
import { clientTlsOptions, handshake, tlsExtra, tlsSettings, type TlsContext, type TlsSettings } from "./tls.js";
import type { Transport } from "./transports.js";
import { checkFunction, checkHost, checkOptions, checkPath, checkPort, describe } from "./validate.js";

/**
 * Options for {@link createConnection} and {@link openConnection}.
 * @public
 */
export interface ConnectionOptions {
  /** The loop the connection runs on. @defaultValue the running loop */
  loop?: EventLoop | undefined;
  /** Connect over TLS (see {@link TlsContext}). @defaultValue no TLS */
  ssl?: TlsContext | null | undefined;
  /** With `ssl`: the name the certificate must match. @defaultValue `host` (unless it is an IP address) */
  serverHostname?: string | null | undefined;
  /** With `ssl`: seconds the TLS handshake may take. @defaultValue 60 */
  sslHandshakeTimeout?: number | undefined;
  /** Bind the local end to `[host, port]` first. */
  localAddr?: readonly [host: string, port: number] | null | undefined;
  /** Address family to resolve `host` to: 0 (any), 4 or 6. @defaultValue 0 */
  family?: 0 | 4 | 6 | undefined;
  /** An already connected `net.Socket` to use instead of `host` and `port` (which must then be null). */
  sock?: net.Socket | null | undefined;
}

/**
 * Options for {@link createUnixConnection} and {@link openUnixConnection}.
 * @public
 */
export interface UnixConnectionOptions {
  /** The loop the connection runs on. @defaultValue the running loop */
  loop?: EventLoop | undefined;
  /** Connect over TLS (see {@link TlsContext}). @defaultValue no TLS */
  ssl?: TlsContext | null | undefined;
  /** With `ssl`: the name the certificate must match (required to check it). */
  serverHostname?: string | null | undefined;
  /** With `ssl`: seconds the TLS handshake may take. @defaultValue 60 */
  sslHandshakeTimeout?: number | undefined;
}

/** @internal Where to connect, checked. */
export type Target =
  | { kind: "tcp"; host: string | null; port: number; sock: null }
  | { kind: "tcp"; host: null; port: 0; sock: net.Socket }
  | { kind: "unix"; path: string };

/** @internal The checked options of a connection. */
export interface ConnectPlan {
  loop: EventLoop | undefined;
  tls: TlsSettings | null;
  serverHostname: string | null;
  timeout: number;
  localAddr: readonly [string, number] | null;
  family: 0 | 4 | 6;
}

/** @internal Checks host, port and options of a TCP connection (synchronously, before any I/O). */
export function tcpTarget(fn: string, host: unknown, port: unknown, options: ConnectionOptions): Target {
  const sock = options.sock ?? null;
  if (sock !== null) {
    if (!(sock instanceof net.Socket)) throw new TypeError(`${fn}(options.sock): expected a connected net.Socket, got ${describe(sock)}`);
    if (host != null || port != null) throw new RangeError(`${fn}(host, port): host/port and options.sock can not be specified at the same time`);
    return { kind: "tcp", host: null, port: 0, sock };
  }
  if (host == null && port == null) throw new RangeError(`${fn}(host, port): host and port was not specified and no sock specified`);
  return { kind: "tcp", host: checkHost(fn, host), port: checkPort(fn, port), sock: null };
}

/** @internal Checks the options every connection shares. */
export function connectPlan(fn: string, options: ConnectionOptions | UnixConnectionOptions): ConnectPlan {
  const o = options as ConnectionOptions;
  const timeout = o.sslHandshakeTimeout ?? 60;
  if (typeof timeout !== "number" || !(timeout > 0)) {
    throw new RangeError(`${fn}(options.sslHandshakeTimeout): expected a number of seconds > 0, got ${describe(timeout)}`);
  }
  if (o.ssl == null && o.serverHostname != null) throw new RangeError(`${fn}(options.serverHostname): serverHostname is only meaningful with ssl`);
  if (o.serverHostname != null && typeof o.serverHostname !== "string") {
    throw new TypeError(`${fn}(options.serverHostname): expected a string, got ${describe(o.serverHostname)}`);
  }
  const localAddr = o.localAddr ?? null;
  if (localAddr !== null && (!Array.isArray(localAddr) || typeof localAddr[0] !== "string")) {
    throw new TypeError(`${fn}(options.localAddr): expected [host, port], got ${describe(localAddr)}`);
  }
  if (localAddr !== null) checkPort(fn, localAddr[1]);
  const family = o.family ?? 0;
  if (family !== 0 && family !== 4 && family !== 6) throw new RangeError(`${fn}(options.family): expected 0, 4 or 6, got ${describe(family)}`);
  return {
    loop: o.loop,
    tls: o.ssl == null || o.ssl === (false as unknown) ? null : tlsSettings(fn, o.ssl, false),
    serverHostname: o.serverHostname ?? null,
    timeout,
    localAddr,
    family,
  };
}

/** Waits for a plain socket's 'connect'; destroys it on failure or cancellation. */
function* connected(loop: EventLoop, socket: net.Socket): Coroutine<void> {
  const fut = new Future<void>({ loop });
  const onConnect = (): void => {
    if (!fut.done() && !loop.isClosed()) fut.setResult(undefined);
  };
  const onError = (error: Error): void => {
    if (!fut.done() && !loop.isClosed()) fut.setException(error);
  };
  socket.once("connect", onConnect);
  socket.once("error", onError);
  try {
    yield* fut;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    socket.off("connect", onConnect);
    socket.off("error", onError);
  }
}

/** @internal Connects and builds the transport: create_connection's body. */
export function* connectTransport<P extends BaseProtocol>(
  loop: EventLoop,
  protocolFactory: () => P,
  target: Target,
  plan: ConnectPlan,
): Coroutine<[Transport, P]> {
  let socket: net.Socket;
  let extra: Record<string, unknown> | undefined;
  let kind: StreamKind = target.kind;
  const settings = plan.tls;
  if (target.kind === "tcp" && target.sock !== null) socket = target.sock;
  else if (target.kind === "unix") socket = net.connect({ path: target.path, allowHalfOpen: true });
  else {
    const opts: net.TcpNetConnectOpts = { port: target.port, allowHalfOpen: true, noDelay: true };
    if (target.host !== null) opts.host = target.host;
    if (plan.family !== 0) opts.family = plan.family;
    if (plan.localAddr !== null) [opts.localAddress, opts.localPort] = plan.localAddr;
    socket = net.connect(opts);
  }
  guardErrors(socket);
  if (target.kind !== "tcp" || target.sock === null) yield* connected(loop, socket);
  if (settings !== null) {
    const host = target.kind === "tcp" ? target.host : null;
    const secure = tls.connect({ ...clientTlsOptions(settings, plan.serverHostname, host), socket });
    yield* handshake(loop, secure, false, plan.timeout);
    extra = tlsExtra(secure, socket, settings.context);
    if (target.kind === "unix") extra["peername"] = target.path;
    socket = secure;
    kind = "tls";
  } else if (target.kind === "unix") {
    extra = { peername: target.path, sockname: "" };
  }
  let protocol: P;
  try {
    protocol = protocolFactory();
  } catch (error) {
    socket.destroy();
    throw error;
  }
  const waiter = new Future<void>({ loop });
  const transport = new NodeStreamTransport(socket, protocol, { loop, kind, extra, waiter });
  try {
    yield* waiter;
  } catch (error) {
    transport.close();
    throw error;
  }
  return [transport, protocol];
}

/** @internal Checks a protocol factory and a Unix path. */
export function unixTarget(fn: string, protocolFactory: unknown, path: unknown): Target {
  if (protocolFactory !== undefined) checkFunction(fn, "protocolFactory", protocolFactory);
  return { kind: "unix", path: checkPath(fn, path) };
}

export { checkOptions };
