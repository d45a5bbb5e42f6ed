// TLS through node:tls. asyncio builds TLS as a protocol layer over a plain transport; here Node's
// TLSSocket does the TLS and the same stream transport runs over it. Three ways in:
// - a client connection with `ssl` connects with tls.connect;
// - a server with `ssl` accepts plain TCP connections and wraps each in a server-side TLSSocket
//   before any byte is read (so its transport sees only cleartext, and a failed handshake never
//   reaches the protocol);
// - startTls() wraps the socket of a live connection, client or server side.
import { isIP } from "node:net";
import type { Socket } from "node:net";
import * as tls from "node:tls";
import { CancelledError, TimeoutError, type Coroutine, type EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import { ConnectionResetError } from "./errors.js";
import { guardErrors } from "./guard.js";
import { NodeStreamTransport } from "./node-stream-transport.js";
import type { BaseProtocol } from "./protocols.js";
import type { Transport } from "./transports.js";
import { describe } from "./validate.js";

/**
 * What the `ssl` option (and `startTls`) accepts: Python's `SSLContext`, the Node way.
 *
 * @remarks
 * - `true`: a client with Node's defaults (the bundled CA store, certificate and host name checked);
 * - a `tls.SecureContext` (from `tls.createSecureContext({ key, cert, ca })`);
 * - an options object: `tls.ConnectionOptions` for a client (`ca`, `rejectUnauthorized`,
 *   `servername`, `ALPNProtocols`...), `tls.TlsOptions` for a server (`key`, `cert`, `requestCert`...).
 * @public
 */
export type TlsContext = true | tls.SecureContext | tls.ConnectionOptions | tls.TlsOptions;

/**
 * Options for {@link StreamWriter.startTls}.
 * @public
 */
export interface StartTlsOptions {
  /** The name to check the server's certificate against (client side). @defaultValue the `servername` of `ssl`, if any */
  serverHostname?: string | undefined;
  /** Seconds the handshake may take before the connection is aborted. @defaultValue 60 */
  sslHandshakeTimeout?: number | undefined;
}

/**
 * For \@aio/streams internals: the TLS settings of one side, resolved once (exported as
 * `_TlsSettings` for types only).
 * @internal
 */
export interface TlsSettings {
  /** The secure context (certificates, keys, trusted CAs). */
  context: tls.SecureContext;
  /** tls.connect / TLSSocket options other than the context (verification, ALPN...). */
  options: tls.ConnectionOptions & tls.TLSSocketOptions;
}

const SecureContextClass = (tls as unknown as { SecureContext?: new (...a: never[]) => tls.SecureContext }).SecureContext;
let defaultClientContext: tls.SecureContext | null = null;

function isSecureContext(x: unknown): x is tls.SecureContext {
  return SecureContextClass !== undefined && x instanceof SecureContextClass;
}

/**
 * @internal Resolves `ssl` for one side.
 * @throws TypeError for a value that is none of the accepted forms; a server given `true`.
 */
export function tlsSettings(fn: string, ssl: unknown, serverSide: boolean): TlsSettings {
  if (ssl === true) {
    if (serverSide) throw new TypeError(`${fn}(options.ssl): a server needs a certificate: pass a tls.SecureContext or { key, cert }, got true`);
    return { context: (defaultClientContext ??= tls.createSecureContext()), options: {} };
  }
  if (isSecureContext(ssl)) return { context: ssl, options: {} };
  if (ssl !== null && typeof ssl === "object" && !Array.isArray(ssl)) {
    const opts = ssl as tls.ConnectionOptions & tls.TlsOptions;
    return { context: opts.secureContext ?? tls.createSecureContext(opts), options: { ...opts } };
  }
  throw new TypeError(`${fn}(options.ssl): expected true, a tls.SecureContext or TLS options, got ${describe(ssl)}`);
}

/**
 * @internal Waits for a TLS socket's handshake; destroys it on failure, timeout or cancellation.
 * A server that asked for a client certificate (`settings.options.requestCert`) checks it here.
 */
export function* handshake(
  loop: EventLoop,
  socket: tls.TLSSocket,
  serverSide: boolean,
  timeoutSeconds: number,
  settings: TlsSettings | null = null,
): Coroutine<void> {
  guardErrors(socket);
  const fut = new Future<void>({ loop });
  const settle = (error: Error | null): void => {
    if (fut.done() || loop.isClosed()) return;
    if (error === null) fut.setResult(undefined);
    else fut.setException(error);
  };
  const onSecure = (): void => settle(null);
  const onError = (error: Error): void => settle(error);
  const onClose = (): void => settle(new ConnectionResetError("Connection lost during the TLS handshake"));
  const event = serverSide ? "secure" : "secureConnect";
  socket.once(event, onSecure);
  socket.once("error", onError);
  socket.once("close", onClose);
  const timer = loop.callLater(timeoutSeconds, () =>
    settle(new TimeoutError(`TLS handshake is taking longer than ${timeoutSeconds} seconds: aborting the connection`)),
  );
  try {
    yield* fut;
    if (serverSide && settings?.options.requestCert) checkClientCertificate(socket, settings.options.rejectUnauthorized ?? true);
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    timer.cancel();
    socket.off(event, onSecure);
    socket.off("error", onError);
    socket.off("close", onClose);
  }
}

/**
 * A server-side TLSSocket made by hand (not by a `tls.Server`) does not check the client's
 * certificate by itself: Node does that in the `tls.Server` connection listener, from the TLS
 * handle's verification result. Do the same: set `authorized` / `authorizationError`, and refuse
 * an unverified client when `rejectUnauthorized`.
 */
function checkClientCertificate(socket: tls.TLSSocket, rejectUnauthorized: boolean): void {
  const handle = (socket as unknown as { _handle?: { verifyError?: () => (Error & { code?: string }) | null } })._handle;
  const verifyError = handle?.verifyError?.() ?? null;
  const s = socket as unknown as { authorized: boolean; authorizationError: unknown };
  if (verifyError === null) {
    s.authorized = true;
    return;
  }
  s.authorized = false;
  s.authorizationError = verifyError.code ?? verifyError.message;
  if (rejectUnauthorized) throw verifyError;
}

/** @internal Extra info of a TLS transport (CPython's names). */
export function tlsExtra(socket: tls.TLSSocket, raw: Socket | null, context: tls.SecureContext): Record<string, unknown> {
  const extra: Record<string, unknown> = {
    sslcontext: context,
    ssl_object: socket,
    peercert: socket.getPeerCertificate(),
    cipher: socket.getCipher(),
    compression: null,
  };
  if (raw !== null) {
    extra["socket"] = raw;
    if (raw.remoteAddress !== undefined) extra["peername"] = [raw.remoteAddress, raw.remotePort ?? 0];
    const local = raw.address() as { address?: string; port?: number };
    if (typeof local.address === "string") extra["sockname"] = [local.address, local.port ?? 0];
  }
  return extra;
}

/** @internal A server-side TLSSocket over an accepted (or live) socket. */
export function serverTlsSocket(raw: Socket, settings: TlsSettings): tls.TLSSocket {
  const o = settings.options;
  return new tls.TLSSocket(raw, {
    isServer: true,
    secureContext: settings.context,
    requestCert: o.requestCert ?? false,
    rejectUnauthorized: o.rejectUnauthorized ?? true,
    ...(o.ALPNProtocols !== undefined ? { ALPNProtocols: o.ALPNProtocols } : {}),
  });
}

/** @internal A client-side tls.connect options object. */
export function clientTlsOptions(settings: TlsSettings, serverHostname: string | null | undefined, host: string | null): tls.ConnectionOptions {
  const name = serverHostname ?? settings.options.servername ?? (host !== null && isIP(host) === 0 ? host : undefined);
  const options: tls.ConnectionOptions = { ...settings.options, secureContext: settings.context };
  if (name !== undefined) options.servername = name;
  // checkServerIdentity uses `host` when there is no servername (an IP address, say).
  if (host !== null) options.host = host;
  else if (name !== undefined) options.host = name;
  return options;
}

/**
 * @internal Upgrades the connection under `transport` to TLS (loop.start_tls): the old transport
 * lets go of its socket, and a new TLS transport with the same protocol takes it over. The
 * protocol is not told connectionMade again.
 */
export function* startTlsOnTransport(
  transport: Transport,
  protocol: BaseProtocol,
  ssl: unknown,
  options: StartTlsOptions & { serverSide: boolean },
): Coroutine<Transport> {
  if (!(transport instanceof NodeStreamTransport)) {
    throw new TypeError(`startTls(transport): expected a transport made by @aio/streams, got ${describe(transport)}`);
  }
  if (transport._kind !== "tcp" && transport._kind !== "unix") {
    throw new TypeError(`startTls(): the transport is ${transport._kind === "tls" ? "already TLS" : "not a socket"}`);
  }
  if (transport.isClosing()) throw new Error("startTls(): the transport is closing");
  const timeout = options.sslHandshakeTimeout ?? 60;
  if (typeof timeout !== "number" || !(timeout > 0)) {
    throw new RangeError(`startTls(options.sslHandshakeTimeout): expected a number of seconds > 0, got ${describe(timeout)}`);
  }
  const settings = tlsSettings("startTls", ssl, options.serverSide);
  const loop = transport._loop;
  const raw = transport._detach() as Socket;
  const socket = options.serverSide
    ? serverTlsSocket(raw, settings)
    : tls.connect({ ...clientTlsOptions(settings, options.serverHostname, null), socket: raw });
  let next: NodeStreamTransport;
  try {
    yield* handshake(loop, socket, options.serverSide, timeout, settings);
    next = new NodeStreamTransport(socket, protocol, {
      loop,
      kind: "tls",
      extra: tlsExtra(socket, raw, settings.context),
      connectionMade: false,
      owner: transport._owner,
    });
  } catch (error) {
    // The connection is gone: the protocol (its reader, its waitClosed) learns it as a loss.
    loop.callSoon(() => protocol.connectionLost(error instanceof CancelledError ? null : (error as Error)));
    throw error;
  } finally {
    // The server counts the new transport (attached above) before it forgets the old one.
    transport._owner?._detach(transport);
  }
  next.setWriteBufferLimits(transport._high, transport._low);
  return next;
}
