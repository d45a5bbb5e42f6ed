import type { Awaitable, Coroutine } from "@aio/core";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import { connectPlan, connectTransport, tcpTarget, unixTarget, type ConnectionOptions, type ConnectPlan, type Target, type UnixConnectionOptions } from "./connect.js";
import type { BaseProtocol } from "./protocols.js";
import { StreamReader } from "./stream-reader.js";
import { StreamReaderProtocol } from "./stream-reader-protocol.js";
import { StreamWriter } from "./stream-writer.js";
import type { Transport } from "./transports.js";
import { checkFunction, checkLimit, checkOptions, loopFrom } from "./validate.js";

/**
 * Options for {@link openConnection}: those of {@link createConnection} plus the reader's `limit`.
 * @public
 */
export interface OpenConnectionOptions extends ConnectionOptions {
  /** The reader's limit (see {@link StreamReaderOptions}). @defaultValue 65536 */
  limit?: number | undefined;
}

/**
 * Options for {@link openUnixConnection}: those of {@link createUnixConnection} plus the reader's `limit`.
 * @public
 */
export interface OpenUnixConnectionOptions extends UnixConnectionOptions {
  /** The reader's limit (see {@link StreamReaderOptions}). @defaultValue 65536 */
  limit?: number | undefined;
}

const CONNECTION_SHAPE = "{ loop?, ssl?, serverHostname?, sslHandshakeTimeout?, localAddr?, family?, sock? }";
const OPEN_SHAPE = "{ limit?, loop?, ssl?, serverHostname?, sslHandshakeTimeout?, localAddr?, family?, sock? }";
const UNIX_SHAPE = "{ limit?, loop?, ssl?, serverHostname?, sslHandshakeTimeout? }";

function* create<P extends BaseProtocol>(fn: string, factory: () => P, target: Target, plan: ConnectPlan): Coroutine<[Transport, P]> {
  return yield* connectTransport(loopFrom(fn, plan.loop), factory, target, plan);
}
thenable(create);

function* open(fn: string, target: Target, plan: ConnectPlan, limit: number): Coroutine<[StreamReader, StreamWriter]> {
  const loop = loopFrom(fn, plan.loop);
  const reader = new StreamReader({ limit, loop });
  const protocol = new StreamReaderProtocol(reader, null, { loop });
  const [transport] = yield* connectTransport(loop, () => protocol, target, plan);
  return [reader, new StreamWriter(transport, protocol, reader)];
}
thenable(open);

/**
 * Opens a TCP connection (or TLS, with `options.ssl`) and resolves to a reader and a writer
 * (`asyncio.open_connection`).
 *
 * @remarks
 * `host` is a name or an address; the connection has `TCP_NODELAY` set, as asyncio does. The
 * reader ends at the peer's EOF; the writer can half-close with `writeEof()`.
 *
 * Cancellation: a connection still being made is dropped (its socket destroyed).
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("127.0.0.1", 8888);
 * writer.write(Buffer.from("hello\n"));
 * console.log((await reader.readline()).toString());
 * writer.close();
 * await writer.waitClosed();
 * ```
 * @throws TypeError or RangeError (synchronously) for a bad `host`, `port` or option.
 * @throws the connection's error (a Node system error: `ECONNREFUSED`, `ENOTFOUND`...), or the
 * TLS handshake's.
 * @public
 */
export function openConnection(host: string | null, port: number | null, options: OpenConnectionOptions = {}): Awaitable<[StreamReader, StreamWriter]> {
  checkOptions("openConnection", OPEN_SHAPE, options);
  const target = tcpTarget("openConnection", host, port, options);
  const limit = checkLimit("openConnection", options.limit);
  return asAwaitable(open("openConnection", target, connectPlan("openConnection", options), limit));
}

/**
 * Opens a Unix domain socket connection and resolves to a reader and a writer
 * (`asyncio.open_unix_connection`).
 *
 * @remarks
 * Cancellation: a connection still being made is dropped.
 * @throws TypeError or RangeError (synchronously) for a bad `path` or option.
 * @throws the connection's error (`ENOENT`, `ECONNREFUSED`...).
 * @public
 */
export function openUnixConnection(path: string, options: OpenUnixConnectionOptions = {}): Awaitable<[StreamReader, StreamWriter]> {
  checkOptions("openUnixConnection", UNIX_SHAPE, options);
  const target = unixTarget("openUnixConnection", undefined, path);
  const limit = checkLimit("openUnixConnection", options.limit);
  return asAwaitable(open("openUnixConnection", target, connectPlan("openUnixConnection", options), limit));
}

/**
 * Opens a TCP connection (or TLS) for a protocol (`loop.create_connection`) and resolves to
 * `[transport, protocol]` once the protocol's `connectionMade` has run.
 *
 * @remarks
 * `protocolFactory` is called once the socket is connected (and the TLS handshake done).
 * Cancellation: a connection still being made is dropped.
 * @example
 * ```ts
 * class Hello extends Protocol {
 *   override connectionMade(t: Transport) { t.write(Buffer.from("hello")); t.close(); }
 * }
 * const [transport, protocol] = await createConnection(() => new Hello(), "127.0.0.1", port);
 * ```
 * @throws TypeError or RangeError (synchronously) for a bad argument.
 * @throws the connection's error, the TLS handshake's, or what `protocolFactory` throws.
 * @public
 */
export function createConnection<P extends BaseProtocol>(
  protocolFactory: () => P,
  host: string | null,
  port: number | null,
  options: ConnectionOptions = {},
): Awaitable<[Transport, P]> {
  checkFunction("createConnection", "protocolFactory", protocolFactory);
  checkOptions("createConnection", CONNECTION_SHAPE, options);
  const target = tcpTarget("createConnection", host, port, options);
  return asAwaitable(create("createConnection", protocolFactory, target, connectPlan("createConnection", options)));
}

/**
 * Opens a Unix domain socket connection for a protocol (`loop.create_unix_connection`).
 * @remarks Cancellation: a connection still being made is dropped.
 * @throws TypeError or RangeError (synchronously) for a bad argument.
 * @throws the connection's error.
 * @public
 */
export function createUnixConnection<P extends BaseProtocol>(
  protocolFactory: () => P,
  path: string,
  options: UnixConnectionOptions = {},
): Awaitable<[Transport, P]> {
  checkOptions("createUnixConnection", "{ loop?, ssl?, serverHostname?, sslHandshakeTimeout? }", options);
  const target = unixTarget("createUnixConnection", protocolFactory, path);
  return asAwaitable(create("createUnixConnection", protocolFactory, target, connectPlan("createUnixConnection", options)));
}
