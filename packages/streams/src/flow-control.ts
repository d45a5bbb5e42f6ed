import { getRunningLoop, type Awaitable, type Coroutine, type EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import { ConnectionResetError } from "./errors.js";
import { Protocol } from "./protocols.js";
import type { StreamWriter } from "./stream-writer.js";
import { checkOptions } from "./validate.js";

/**
 * Options for {@link FlowControlProtocol} and {@link StreamReaderProtocol}.
 * @public
 */
export interface FlowControlProtocolOptions {
  /** The loop its futures belong to. @defaultValue the loop running when one is first needed */
  loop?: EventLoop | undefined;
}

/**
 * The write side of a stream protocol (CPython's `FlowControlMixin`): what
 * {@link StreamWriter.drain} and {@link StreamWriter.waitClosed} wait on.
 *
 * @remarks
 * It tracks `pauseWriting()`/`resumeWriting()` from the transport and the end of the connection.
 * Use it as the protocol of a write-only transport (a child's stdin pipe) under a
 * {@link StreamWriter}; {@link StreamReaderProtocol} extends it for two-way streams. A subclass
 * that overrides `pauseWriting`, `resumeWriting` or `connectionLost` must call the method it
 * overrides.
 * @example
 * ```ts
 * const [transport, protocol] = await connectWritePipe(() => new FlowControlProtocol(), child.stdin);
 * const writer = new StreamWriter(transport, protocol, null);
 * ```
 * @public
 */
export class FlowControlProtocol extends Protocol {
  /** @internal The loop given in the options, or null: the running loop is used. */
  _loop: EventLoop | null;
  /** @internal The transport asked the protocol to stop writing. */
  _paused = false;
  /** @internal Tasks waiting in drain(). */
  readonly _drainWaiters = new Set<Future<void>>();
  /** @internal connectionLost() was called. */
  _connectionLost = false;
  /** @internal How the connection ended: undefined while open, else null or the error. */
  _lostWith: Error | null | undefined = undefined;
  /** @internal What waitClosed() waits on, made on first request. */
  _closed: Future<void> | null = null;

  static {
    thenable(FlowControlProtocol.#drainHelper);
  }

  /**
   * Creates the protocol.
   * @throws TypeError if `options` is not an options object.
   */
  constructor(options: FlowControlProtocolOptions = {}) {
    super();
    checkOptions("FlowControlProtocol", "{ loop? }", options);
    this._loop = options.loop ?? null;
  }

  /** The transport's buffer is full: `drain()` now waits. */
  override pauseWriting(): void {
    this._paused = true;
  }

  /** The transport's buffer has room again: wakes every `drain()`. */
  override resumeWriting(): void {
    this._paused = false;
    for (const waiter of this._drainWaiters) if (!waiter.done()) waiter.setResult(undefined);
  }

  /** The connection ended: wakes `drain()` (with `exc` if there is one) and `waitClosed()`. */
  override connectionLost(exc: Error | null): void {
    this._connectionLost = true;
    this._lostWith = exc;
    const closed = this._closed;
    if (closed !== null && !closed.done()) settle(closed, exc);
    if (!this._paused) return;
    for (const waiter of this._drainWaiters) {
      if (waiter.done()) continue;
      if (exc === null) waiter.setResult(undefined);
      else waiter.setException(exc);
    }
  }

  /**
   * For {@link StreamWriter.drain} (and other writers): returns once writing may go on.
   *
   * @remarks
   * Returns at once unless the transport paused writing; then waits for `resumeWriting()` or the
   * end of the connection. Cancellation: the waiter is dropped, nothing else changes.
   * @throws {@link ConnectionResetError} once the connection is lost; the connection's error if it
   * ends with one while this waits.
   */
  _drainHelper(): Awaitable<void> {
    return asAwaitable(FlowControlProtocol.#drainHelper(this));
  }

  /**
   * For {@link StreamWriter.waitClosed}: an awaitable that completes when the connection has
   * ended (failing with its error, if it ended with one).
   */
  _getCloseWaiter(writer: StreamWriter): Awaitable<void> {
    void writer;
    let closed = this._closed;
    if (closed === null) {
      closed = this._closed = new Future<void>({ loop: this._loop ?? getRunningLoop() });
      if (this._lostWith !== undefined) settle(closed, this._lostWith);
    }
    return closed;
  }

  static *#drainHelper(p: FlowControlProtocol): Coroutine<void> {
    if (p._connectionLost) throw new ConnectionResetError("Connection lost");
    if (!p._paused) return;
    const waiter = new Future<void>({ loop: p._loop ?? getRunningLoop() });
    p._drainWaiters.add(waiter);
    try {
      yield* waiter;
    } finally {
      p._drainWaiters.delete(waiter);
    }
  }
}

/** Completes the close future; an error counts as retrieved (no "never retrieved" report). */
function settle(closed: Future<void>, exc: Error | null): void {
  if (exc === null) closed.setResult(undefined);
  else {
    closed.setException(exc);
    closed.exception();
  }
}
