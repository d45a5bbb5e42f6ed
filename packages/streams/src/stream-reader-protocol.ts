import { getRunningLoop, isCoroutine, isCoroutineFunction, type EventLoop, type TaskLike } from "@aio/core";
import { FlowControlProtocol, type FlowControlProtocolOptions } from "./flow-control.js";
import type { StreamReader } from "./stream-reader.js";
import { StreamWriter } from "./stream-writer.js";
import type { Transport } from "./transports.js";

const GeneratorFunction = function* () {}.constructor;

/**
 * What `startServer` calls for each connection: a generator function or an async function (run as
 * a task per connection), or a plain function (called as a loop callback; if it returns a
 * coroutine or a promise, that runs as a task).
 * @public
 */
export type ClientConnected = (reader: StreamReader, writer: StreamWriter) => unknown;

/**
 * Joins a transport to a {@link StreamReader} (`asyncio.StreamReaderProtocol`): received bytes
 * are fed to the reader, the end of the stream and errors reach it, and writers get flow control
 * from {@link FlowControlProtocol}.
 *
 * @remarks
 * With `clientConnected` (how `startServer` uses it), `connectionMade` makes the
 * {@link StreamWriter} and starts `clientConnected(reader, writer)` as a task. If that task fails,
 * the error goes to the loop's exception handler (`"Unhandled exception in client_connected_cb"`)
 * and the transport is closed; if it is cancelled, the transport is closed.
 * @public
 */
export class StreamReaderProtocol extends FlowControlProtocol {
  /** @internal The reader fed by this protocol (null once the connection is lost). */
  _reader: StreamReader | null;
  /** @internal The server callback, or null for a client. */
  readonly _clientConnected: ClientConnected | null;
  /** @internal The client task, while the connection lasts. */
  _task: TaskLike<unknown> | null = null;
  /** @internal The transport, while connected. */
  _transport: Transport | null = null;
  /** @internal The transport is TLS (EOF always closes it). */
  _overSsl = false;

  /**
   * Creates the protocol for `reader` (null: a protocol that only does flow control).
   * @throws TypeError if `clientConnected` is given and is not a function, or `options` is not an
   * options object.
   */
  constructor(reader: StreamReader | null, clientConnected?: ClientConnected | null, options: FlowControlProtocolOptions = {}) {
    super(options);
    if (clientConnected != null && typeof clientConnected !== "function") {
      throw new TypeError(`StreamReaderProtocol(reader, clientConnected): expected a function or null, got ${typeof clientConnected}`);
    }
    this._reader = reader;
    this._clientConnected = clientConnected ?? null;
  }

  /** @internal startTls: the protocol now talks to `transport`. */
  _replaceTransport(transport: Transport): void {
    this._transport = transport;
    this._overSsl = transport.getExtraInfo("sslcontext") != null;
  }

  /** Hands the transport to the reader and, for a server, starts the client task. */
  override connectionMade(transport: Transport): void {
    this._transport = transport;
    const reader = this._reader;
    if (reader !== null) reader.setTransport(transport);
    this._overSsl = transport.getExtraInfo("sslcontext") != null;
    const cb = this._clientConnected;
    if (cb === null) return;
    const loop: EventLoop = this._loop ?? getRunningLoop();
    const writer = new StreamWriter(transport, this, reader);
    let task: TaskLike<unknown>;
    if (cb.constructor === GeneratorFunction) task = loop.createTask(cb(reader!, writer) as Generator<unknown, unknown, unknown>);
    else if (isCoroutineFunction(cb)) task = loop.createTask(() => cb(reader!, writer) as Promise<unknown>);
    else {
      // A plain callback; what it returns may still be a coroutine or a promise.
      const res = cb(reader!, writer);
      if (!isCoroutine(res) && !isThenable(res)) return;
      task = loop.createTask(res as PromiseLike<unknown>);
    }
    this._task = task;
    task.addDoneCallback((t) => {
      if (t.cancelled()) {
        transport.close();
        return;
      }
      const exc = t.exception();
      if (exc !== null) {
        loop.callExceptionHandler({ message: "Unhandled exception in client_connected_cb", exception: exc, transport });
        transport.close();
      }
    });
  }

  /** The connection ended: the reader gets EOF (or the error), then flow control and waitClosed() are told. */
  override connectionLost(exc: Error | null): void {
    const reader = this._reader;
    if (reader !== null) {
      if (exc === null) reader.feedEof();
      else reader.setException(exc);
    }
    super.connectionLost(exc);
    this._reader = null;
    this._task = null;
    this._transport = null;
  }

  /** Feeds the reader. */
  override dataReceived(data: Uint8Array): void {
    this._reader?.feedData(data);
  }

  /** Feeds EOF to the reader and keeps the connection half-open (TLS closes anyway). */
  override eofReceived(): boolean {
    this._reader?.feedEof();
    return !this._overSsl;
  }
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as PromiseLike<unknown>).then === "function";
}
