import type { Duplex, Readable, Writable } from "node:stream";
import type { Awaitable, Coroutine, EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import { NodeStreamTransport } from "./node-stream-transport.js";
import type { BaseProtocol } from "./protocols.js";
import type { ReadTransport, WriteTransport } from "./transports.js";
import { checkFunction, checkOptions, describe, loopFrom } from "./validate.js";

/**
 * Options for {@link connectReadPipe} and {@link connectWritePipe}.
 * @public
 */
export interface PipeOptions {
  /** The loop the transport runs on. @defaultValue the running loop */
  loop?: EventLoop | undefined;
}

function* connectPipe<P extends BaseProtocol>(
  fn: string,
  protocolFactory: () => P,
  pipe: Readable | Writable,
  options: PipeOptions,
  reading: boolean,
): Coroutine<[NodeStreamTransport, P]> {
  const loop = loopFrom(fn, options.loop);
  const protocol = protocolFactory();
  const waiter = new Future<void>({ loop });
  const transport = new NodeStreamTransport(pipe as Duplex, protocol, { loop, kind: "pipe", waiter, readable: reading, writable: !reading });
  try {
    yield* waiter;
  } catch (error) {
    transport.close();
    throw error;
  }
  return [transport, protocol];
}
thenable(connectPipe);

function checkPipe(fn: string, pipe: unknown, method: "on" | "write"): void {
  if (pipe === null || typeof pipe !== "object" || typeof (pipe as Record<string, unknown>)[method] !== "function" || typeof (pipe as Readable).on !== "function") {
    throw new TypeError(`${fn}(protocolFactory, pipe): expected a Node ${method === "write" ? "Writable" : "Readable"} stream, got ${describe(pipe)}`);
  }
}

/**
 * Reads a Node `Readable` stream through a protocol (`loop.connect_read_pipe`): a child process's
 * stdout or stderr, a FIFO, `process.stdin`.
 *
 * @remarks
 * Resolves to `[transport, protocol]` once the protocol's `connectionMade` has run. The transport
 * delivers chunks with `dataReceived`, the end of the stream with `eofReceived`, then closes
 * (`connectionLost(null)`, or the stream's error). `pauseReading()` pauses the Node stream.
 * Cancellation: the transport is closed.
 * @example
 * ```ts
 * const reader = new StreamReader();
 * await connectReadPipe(() => new StreamReaderProtocol(reader), child.stdout!);
 * const all = await reader.read();
 * ```
 * @throws TypeError if `protocolFactory` is not a function or `pipe` not a readable stream.
 * @public
 */
export function connectReadPipe<P extends BaseProtocol>(protocolFactory: () => P, pipe: Readable, options: PipeOptions = {}): Awaitable<[ReadTransport, P]> {
  checkFunction("connectReadPipe", "protocolFactory", protocolFactory);
  checkPipe("connectReadPipe", pipe, "on");
  checkOptions("connectReadPipe", "{ loop? }", options);
  return asAwaitable(connectPipe("connectReadPipe", protocolFactory, pipe, options, true));
}

/**
 * Writes to a Node `Writable` stream through a transport (`loop.connect_write_pipe`): a child
 * process's stdin, a FIFO, `process.stdout`.
 *
 * @remarks
 * Resolves to `[transport, protocol]` once the protocol's `connectionMade` has run. The
 * transport's write buffer is the stream's (`writableLength`), with asyncio's water marks: the
 * protocol gets `pauseWriting()`/`resumeWriting()`. Put a {@link StreamWriter} on top for
 * `drain()`: `new StreamWriter(transport, protocol, null)` with a {@link FlowControlProtocol}.
 * `writeEof()` ends the stream; `close()` ends it after the buffer is written.
 * Cancellation: the transport is closed.
 * @throws TypeError if `protocolFactory` is not a function or `pipe` not a writable stream.
 * @public
 */
export function connectWritePipe<P extends BaseProtocol>(protocolFactory: () => P, pipe: Writable, options: PipeOptions = {}): Awaitable<[WriteTransport, P]> {
  checkFunction("connectWritePipe", "protocolFactory", protocolFactory);
  checkPipe("connectWritePipe", pipe, "write");
  checkOptions("connectWritePipe", "{ loop? }", options);
  return asAwaitable(connectPipe("connectWritePipe", protocolFactory, pipe, options, false));
}
