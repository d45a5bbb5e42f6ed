// Servers: loop.create_server / create_unix_server and the stream helpers start_server /
// start_unix_server, as free functions on the running loop.
import { unlinkSync, statSync } from "node:fs";
import * as net from "node:net";
import type { Awaitable, Coroutine, EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import type { BaseProtocol } from "./protocols.js";
import { Server } from "./server.js";
import { StreamReader } from "./stream-reader.js";
import { StreamReaderProtocol, type ClientConnected } from "./stream-reader-protocol.js";
import { tlsSettings, type TlsContext, type TlsSettings } from "./tls.js";
import { checkFunction, checkLimit, checkOptions, checkPath, checkPort, describe, loopFrom } from "./validate.js";

/**
 * Options for {@link createServer} and {@link startServer}.
 * @public
 */
export interface ServerOptions {
  /** The loop the server runs on. @defaultValue the running loop */
  loop?: EventLoop | undefined;
  /** Serve TLS: a `tls.SecureContext` or `{ key, cert, ... }` (see {@link TlsContext}). @defaultValue no TLS */
  ssl?: TlsContext | null | undefined;
  /** With `ssl`: seconds a client's TLS handshake may take. @defaultValue 60 */
  sslHandshakeTimeout?: number | undefined;
  /** The listen backlog. @defaultValue 100 */
  backlog?: number | undefined;
  /** Accept connections at once; with false, call `startServing()` or `serveForever()`. @defaultValue true */
  startServing?: boolean | undefined;
  /** With `host` null: listen on IPv6 only instead of dual-stack. @defaultValue false */
  ipv6Only?: boolean | undefined;
}

/**
 * Options for {@link startServer}: those of {@link createServer} plus the readers' `limit`.
 * @public
 */
export interface StartServerOptions extends ServerOptions {
  /** Each connection's reader limit (see {@link StreamReaderOptions}). @defaultValue 65536 */
  limit?: number | undefined;
}

/**
 * Options for {@link createUnixServer} and {@link startUnixServer}.
 * @public
 */
export interface UnixServerOptions {
  /** The loop the server runs on. @defaultValue the running loop */
  loop?: EventLoop | undefined;
  /** Serve TLS (see {@link ServerOptions.ssl}). @defaultValue no TLS */
  ssl?: TlsContext | null | undefined;
  /** With `ssl`: seconds a client's TLS handshake may take. @defaultValue 60 */
  sslHandshakeTimeout?: number | undefined;
  /** The listen backlog. @defaultValue 100 */
  backlog?: number | undefined;
  /** Accept connections at once. @defaultValue true */
  startServing?: boolean | undefined;
  /** Remove a stale socket file at `path` before listening (as asyncio does). @defaultValue true */
  cleanupSocket?: boolean | undefined;
}

/**
 * Options for {@link startUnixServer}.
 * @public
 */
export interface StartUnixServerOptions extends UnixServerOptions {
  /** Each connection's reader limit. @defaultValue 65536 */
  limit?: number | undefined;
}

interface Plan {
  loop: EventLoop | undefined;
  tls: TlsSettings | null;
  timeout: number;
  backlog: number;
  start: boolean;
  ipv6Only: boolean;
  cleanup: boolean;
}

type Where = { hosts: (string | null)[]; port: number } | { path: string };

function plan(fn: string, options: ServerOptions & UnixServerOptions): Plan {
  const timeout = options.sslHandshakeTimeout ?? 60;
  if (typeof timeout !== "number" || !(timeout > 0)) throw new RangeError(`${fn}(options.sslHandshakeTimeout): expected a number of seconds > 0, got ${describe(timeout)}`);
  const backlog = options.backlog ?? 100;
  if (typeof backlog !== "number" || !Number.isInteger(backlog) || backlog < 0) {
    throw new RangeError(`${fn}(options.backlog): expected an integer >= 0, got ${describe(backlog)}`);
  }
  return {
    loop: options.loop,
    tls: options.ssl == null ? null : tlsSettings(fn, options.ssl, true),
    timeout,
    backlog,
    start: options.startServing ?? true,
    ipv6Only: options.ipv6Only ?? false,
    cleanup: options.cleanupSocket ?? true,
  };
}

function tcpWhere(fn: string, host: unknown, port: unknown): Where {
  const hosts = host == null || host === "" ? [null] : Array.isArray(host) ? host : [host];
  for (const [i, h] of hosts.entries()) {
    if (h !== null && typeof h !== "string") {
      const name = Array.isArray(host) ? `host[${i}]` : "host";
      throw new TypeError(`${fn}(${name}): expected a host (string), an array of hosts, or null for every interface, got ${describe(h)}`);
    }
  }
  return { hosts: hosts as (string | null)[], port: port == null ? 0 : checkPort(fn, port) };
}

/** Listens on one Node server; rejects on EADDRINUSE and the like. */
function* listen(loop: EventLoop, server: net.Server, opts: net.ListenOptions): Coroutine<void> {
  const fut = new Future<void>({ loop });
  const onListening = (): void => void (!fut.done() && !loop.isClosed() && fut.setResult(undefined));
  const onError = (error: Error): void => void (!fut.done() && !loop.isClosed() && fut.setException(error));
  server.once("listening", onListening);
  server.once("error", onError);
  server.listen(opts);
  try {
    yield* fut;
  } finally {
    server.off("listening", onListening);
    server.off("error", onError);
  }
}

function* create(fn: string, factory: () => BaseProtocol, where: Where, p: Plan): Coroutine<Server> {
  const loop = loopFrom(fn, p.loop);
  const servers: net.Server[] = [];
  const serverOptions = { allowHalfOpen: true, noDelay: true } as net.ServerOpts;
  try {
    if ("path" in where) {
      if (p.cleanup) removeStaleSocket(where.path);
      const s = net.createServer(serverOptions);
      servers.push(s);
      yield* listen(loop, s, { path: where.path, backlog: p.backlog });
    } else {
      for (const host of where.hosts) {
        const s = net.createServer(serverOptions);
        servers.push(s);
        const opts: net.ListenOptions = { port: where.port, backlog: p.backlog };
        if (host !== null) opts.host = host;
        if (p.ipv6Only) opts.ipv6Only = true;
        yield* listen(loop, s, opts);
      }
    }
  } catch (error) {
    for (const s of servers) s.close();
    throw error;
  }
  // A server keeps listening whatever errors its sockets hit later; accept errors are not fatal.
  for (const s of servers) s.on("error", () => {});
  const server = new Server(loop, servers, factory, p.tls, p.timeout, "path" in where ? where.path : null);
  if (p.start) server._startServing();
  return server;
}
thenable(create);

function removeStaleSocket(path: string): void {
  try {
    if (statSync(path).isSocket()) unlinkSync(path);
  } catch {
    // nothing there
  }
}

function streamFactory(fn: string, clientConnected: ClientConnected, limit: number, loopOption: EventLoop | undefined): () => BaseProtocol {
  const loop = loopFrom(fn, loopOption);
  return () => new StreamReaderProtocol(new StreamReader({ limit, loop }), clientConnected, { loop });
}

function* startStreams(fn: string, clientConnected: ClientConnected, where: Where, p: Plan, limit: number): Coroutine<Server> {
  return yield* create(fn, streamFactory(fn, clientConnected, limit, p.loop), where, p);
}
thenable(startStreams);

const TCP_SHAPE = "{ loop?, ssl?, sslHandshakeTimeout?, backlog?, startServing?, ipv6Only? }";
const START_SHAPE = "{ limit?, loop?, ssl?, sslHandshakeTimeout?, backlog?, startServing?, ipv6Only? }";
const UNIX_SHAPE = "{ limit?, loop?, ssl?, sslHandshakeTimeout?, backlog?, startServing?, cleanupSocket? }";

/**
 * Starts a TCP (or TLS) server that calls `clientConnected(reader, writer)` for each connection
 * (`asyncio.start_server`).
 *
 * @remarks
 * `clientConnected` is a generator function or an async function, run as a task per connection;
 * when that task fails its error goes to the loop's exception handler and the connection is
 * closed; when it is cancelled (at `run()` shutdown, say) the connection is closed. A plain
 * function is called as a loop callback. `host` null (or `""`) listens on every interface; an
 * array of hosts listens on each. `port` 0 picks a free port: read it from `server.sockets`.
 *
 * Cancellation: a server still being set up is closed.
 * @example
 * ```ts
 * const server = await startServer(async (reader, writer) => {
 *   for await (const line of reader) writer.write(line); // echo
 *   writer.close();
 * }, "127.0.0.1", 8888);
 * await server.serveForever();
 * ```
 * @throws TypeError or RangeError (synchronously) for a bad argument.
 * @throws the listen error (a Node system error such as `EADDRINUSE`).
 * @public
 */
export function startServer(
  clientConnected: ClientConnected,
  host?: string | readonly string[] | null,
  port?: number | null,
  options: StartServerOptions = {},
): Awaitable<Server> {
  checkFunction("startServer", "clientConnected", clientConnected);
  checkOptions("startServer", START_SHAPE, options);
  const where = tcpWhere("startServer", host, port);
  const limit = checkLimit("startServer", options.limit);
  return asAwaitable(startStreams("startServer", clientConnected, where, plan("startServer", options), limit));
}

/**
 * Starts a Unix domain socket server for streams (`asyncio.start_unix_server`); see
 * {@link startServer}.
 * @remarks Cancellation: a server still being set up is closed.
 * @throws TypeError or RangeError (synchronously) for a bad argument.
 * @throws the listen error (`EADDRINUSE`, `EACCES`...).
 * @public
 */
export function startUnixServer(clientConnected: ClientConnected, path: string, options: StartUnixServerOptions = {}): Awaitable<Server> {
  checkFunction("startUnixServer", "clientConnected", clientConnected);
  checkOptions("startUnixServer", UNIX_SHAPE, options);
  const where = { path: checkPath("startUnixServer", path) };
  const limit = checkLimit("startUnixServer", options.limit);
  return asAwaitable(startStreams("startUnixServer", clientConnected, where, plan("startUnixServer", options), limit));
}

/**
 * Starts a TCP (or TLS) server for a protocol (`loop.create_server`): each connection gets
 * `protocolFactory()` and a {@link Transport}.
 * @remarks Cancellation: a server still being set up is closed.
 * @throws TypeError or RangeError (synchronously) for a bad argument.
 * @throws the listen error (`EADDRINUSE`...).
 * @public
 */
export function createServer(
  protocolFactory: () => BaseProtocol,
  host?: string | readonly string[] | null,
  port?: number | null,
  options: ServerOptions = {},
): Awaitable<Server> {
  checkFunction("createServer", "protocolFactory", protocolFactory);
  checkOptions("createServer", TCP_SHAPE, options);
  const where = tcpWhere("createServer", host, port);
  return asAwaitable(create("createServer", protocolFactory, where, plan("createServer", options)));
}

/**
 * Starts a Unix domain socket server for a protocol (`loop.create_unix_server`).
 * @remarks Cancellation: a server still being set up is closed.
 * @throws TypeError or RangeError (synchronously) for a bad argument.
 * @throws the listen error.
 * @public
 */
export function createUnixServer(protocolFactory: () => BaseProtocol, path: string, options: UnixServerOptions = {}): Awaitable<Server> {
  checkFunction("createUnixServer", "protocolFactory", protocolFactory);
  checkOptions("createUnixServer", "{ loop?, ssl?, sslHandshakeTimeout?, backlog?, startServing?, cleanupSocket? }", options);
  const where = { path: checkPath("createUnixServer", path) };
  return asAwaitable(create("createUnixServer", protocolFactory, where, plan("createUnixServer", options)));
}
