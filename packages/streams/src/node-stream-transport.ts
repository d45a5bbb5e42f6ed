// The one transport of this package: a Node stream (a net.Socket, tls.TLSSocket, or a child
// process's stdio pipe) seen through asyncio's Transport interface.
//
// Node events never call the protocol. Each one is put in an inbox (data chunks, end of stream,
// the close) and a single loop callback delivers what the inbox holds, in order, as CPython's
// selector loop does from its iteration. This keeps every protocol callback inside a loop
// iteration (so the running loop, the current task and the exception handler are the loop's), lets
// pauseReading() hold back chunks Node had already delivered, and batches: however many chunks
// arrive between two iterations, the loop is woken once.
//
// Writes go straight to the Node stream, which buffers them; its `writableLength` is the write
// buffer size. Node calls back as each write is flushed, which is where the low-water mark is
// checked (through the loop again) to resume the protocol.
import type { Duplex } from "node:stream";
import type { EventLoop } from "@aio/core";
import type { Future } from "@aio/future";
import type { BaseProtocol, BufferedProtocol, Protocol } from "./protocols.js";
import type { Transport } from "./transports.js";
import { firstError, guardErrors } from "./guard.js";
import { badBytes, describe, waterMarks } from "./validate.js";

/** @internal What the transport runs over: decides abort, writeEof and extra info. */
export type StreamKind = "tcp" | "unix" | "tls" | "pipe";

/** @internal How a NodeStreamTransport is made. */
export interface NodeStreamTransportOptions {
  loop: EventLoop;
  kind: StreamKind;
  /** Extra info by name (peername, sockname...), merged with what the transport finds itself. */
  extra?: Record<string, unknown> | undefined;
  /** Completed once connectionMade() has run (unless cancelled). */
  waiter?: Future<void> | null | undefined;
  /** The server the connection belongs to: told when the transport starts and ends. */
  owner?: TransportOwner | null | undefined;
  /** Call the protocol's connectionMade (default true; false for the TLS transport of startTls). */
  connectionMade?: boolean | undefined;
  /** Deliver data (default: the stream's `readable`). */
  readable?: boolean | undefined;
  /** Accept writes (default: the stream's `writable`). */
  writable?: boolean | undefined;
}

/** @internal Who keeps count of a server's connections. */
export interface TransportOwner {
  /** A transport of the owner started. */
  _attach(transport: Transport): void;
  /** A transport of the owner ended. */
  _detach(transport: Transport): void;
}

const EOF = 1;
const LOST = 2;
type Item = Buffer | typeof EOF | typeof LOST;

/** @internal The transport over a Node stream; see the file comment. */
export class NodeStreamTransport implements Transport {
  readonly _loop: EventLoop;
  _stream: Duplex;
  _protocol: BaseProtocol;
  /** The protocol is a BufferedProtocol (getBuffer/bufferUpdated). */
  _buffered: boolean;
  readonly _kind: StreamKind;
  readonly _extra: Record<string, unknown>;
  readonly _readable: boolean;
  readonly _writable: boolean;
  readonly _owner: TransportOwner | null;
  /** close() or abort() was called, or the connection is lost. */
  _closing = false;
  /** connectionLost() was delivered. */
  _lost = false;
  /** pauseReading() is in force. */
  _paused = false;
  /** writeEof() was called. */
  _eof = false;
  /** Writes dropped after the connection was lost (CPython logs from 5 on). */
  _connLost = 0;
  _high = 65536;
  _low = 16384;
  /** The protocol was told pauseWriting(). */
  _protocolPaused = false;
  _resumeScheduled = false;
  /** The error connectionLost() gets (else the stream's first error). */
  _error: Error | null = null;
  /** The end of the connection is in the inbox. */
  _lostQueued = false;
  /** Events not yet delivered: `_inbox[_head.._tail]` (the array is reused, never truncated). */
  _inbox: (Item | undefined)[] = [];
  _head = 0;
  _tail = 0;
  _flushScheduled = false;
  /** The loop's handle-free scheduling hook, when it has one (\@aio/loop's `_enqueue`). */
  readonly _enqueue: ((runnable: { _run(): void }) => void) | null;

  constructor(stream: Duplex, protocol: BaseProtocol, options: NodeStreamTransportOptions) {
    this._loop = options.loop;
    this._stream = stream;
    this._protocol = protocol;
    this._buffered = isBuffered(protocol);
    this._kind = options.kind;
    this._readable = options.readable ?? stream.readable;
    this._writable = options.writable ?? stream.writable;
    this._owner = options.owner ?? null;
    const enqueue = (this._loop as EventLoop & { _enqueue?: (r: { _run(): void }) => void })._enqueue;
    this._enqueue = typeof enqueue === "function" ? enqueue.bind(this._loop) : null;
    this._extra = { ...baseExtra(stream, options.kind), ...options.extra };
    const waiter = options.waiter ?? null;
    this._owner?._attach(this);
    this._listen(stream);
    if (options.connectionMade !== false) this._loop.callSoon(() => this._protocol.connectionMade(this));
    if (waiter !== null) this._loop.callSoon(() => !waiter.cancelled() && !waiter.done() && waiter.setResult(undefined));
  }

  /** Attach to the stream's events (also used by startTls for the new stream). */
  _listen(stream: Duplex): void {
    guardErrors(stream);
    if (stream.destroyed) {
      // Gone before the transport could listen ('close' may have been emitted already).
      this._onClose();
      return;
    }
    if (this._readable) {
      stream.on("data", this._onData);
      stream.on("end", this._onEnd);
    }
    stream.on("close", this._onClose);
  }

  /**
   * startTls: let go of the stream for a TLS transport to take over. Chunks received but not yet
   * delivered go back into the stream (best effort: TLS may read the socket natively). This
   * transport is left closed, without telling its protocol (the TLS transport has it now); the
   * caller detaches it from its owner.
   */
  _detach(): Duplex {
    const stream = this._stream;
    stream.off("data", this._onData);
    stream.off("end", this._onEnd);
    stream.off("close", this._onClose);
    stream.pause();
    const pending = this._inbox.slice(this._head, this._tail).filter((x): x is Buffer => typeof x === "object");
    if (pending.length > 0) stream.unshift(Buffer.concat(pending));
    this._inbox = [];
    this._head = this._tail = 0;
    this._closing = this._lost = true;
    return stream;
  }

  // ------------------------------------------------------------------ Node events → inbox

  readonly _onData = (chunk: Buffer | string): void => {
    if (this._closing) return;
    this._inbox[this._tail++] = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (!this._flushScheduled) this._scheduleFlush();
  };

  readonly _onEnd = (): void => {
    if (this._closing) return;
    this._inbox[this._tail++] = EOF;
    this._scheduleFlush();
  };

  readonly _onClose = (): void => {
    if (this._lostQueued) return;
    this._lostQueued = true;
    this._inbox[this._tail++] = LOST;
    this._scheduleFlush();
  };

  readonly _onWritten = (): void => {
    if (this._protocolPaused && !this._resumeScheduled && this._stream.writableLength <= this._low) {
      this._resumeScheduled = true;
      this._post(this._maybeResumeProtocol);
    }
  };

  /** Schedules a loop callback from a Node event; a closed loop can no longer run it: drop the stream. */
  _post(cb: () => void): void {
    if (this._loop.isClosed()) {
      this._stream.destroy();
      return;
    }
    this._loop.callSoon(cb);
  }

  _scheduleFlush(): void {
    if (this._flushScheduled) return;
    this._flushScheduled = true;
    if (this._enqueue !== null && !this._loop.isClosed()) this._enqueue(this);
    else this._post(this._flush);
  }

  /** The loop runs the transport itself (through `_enqueue`): deliver the inbox, reporting what a protocol throws. */
  _run(): void {
    try {
      this._flush();
    } catch (error) {
      this._loop.callExceptionHandler({ message: `Exception in callback ${String(this)}._flush()`, exception: error, transport: this, protocol: this._protocol });
    }
  }

  // ------------------------------------------------------------------ inbox → protocol (loop callbacks)

  /** Delivers the inbox in order; stops at data or EOF while reading is paused. */
  readonly _flush = (): void => {
    this._flushScheduled = false;
    const inbox = this._inbox;
    while (this._head < this._tail && !this._lost) {
      const item = inbox[this._head]!;
      if (item === LOST) {
        inbox[this._head++] = undefined;
        this._connectionLost();
      } else if (this._closing) {
        inbox[this._head++] = undefined; // closing: nothing more is received
      } else if (this._paused) {
        break;
      } else {
        inbox[this._head++] = undefined;
        if (item === EOF) this._eofReceived();
        else this._dataReceived(item);
      }
    }
    if (this._head === this._tail) this._head = this._tail = 0;
  };

  _dataReceived(chunk: Buffer): void {
    try {
      if (!this._buffered) (this._protocol as Protocol).dataReceived(chunk);
      else {
        const p = this._protocol as BufferedProtocol;
        for (let off = 0; off < chunk.length; ) {
          const buf = p.getBuffer(chunk.length - off);
          if (!(buf instanceof Uint8Array) || buf.length === 0) {
            throw new Error(`getBuffer() returned ${buf instanceof Uint8Array ? "an empty buffer" : describe(buf)}`);
          }
          const n = Math.min(buf.length, chunk.length - off);
          buf.set(chunk.subarray(off, off + n));
          off += n;
          p.bufferUpdated(n);
        }
      }
    } catch (error) {
      this._fatalError(error, `Fatal error: protocol.${this._buffered ? "bufferUpdated" : "dataReceived"}() call failed.`);
    }
  }

  _eofReceived(): void {
    let keepOpen: unknown;
    try {
      keepOpen = (this._protocol as Protocol).eofReceived();
    } catch (error) {
      this._fatalError(error, "Fatal error: protocol.eofReceived() call failed.");
      return;
    }
    // A TLS stream cannot stay half-open; neither can a stream with no writing side.
    if (!keepOpen || this._kind === "tls" || !this._writable) this.close();
  }

  _connectionLost(): void {
    this._lost = true;
    this._closing = true;
    this._inbox = [];
    this._head = this._tail = 0;
    try {
      this._protocol.connectionLost(this._error ?? firstError(this._stream));
    } finally {
      this._owner?._detach(this);
    }
  }

  readonly _maybeResumeProtocol = (): void => {
    this._resumeScheduled = false;
    if (this._protocolPaused && this.getWriteBufferSize() <= this._low) {
      this._protocolPaused = false;
      try {
        this._protocol.resumeWriting();
      } catch (error) {
        this._loop.callExceptionHandler({ message: "protocol.resumeWriting() failed", exception: error, transport: this, protocol: this._protocol });
      }
    }
  };

  _maybePauseProtocol(): void {
    if (this._protocolPaused || this.getWriteBufferSize() <= this._high) return;
    this._protocolPaused = true;
    try {
      this._protocol.pauseWriting();
    } catch (error) {
      this._loop.callExceptionHandler({ message: "protocol.pauseWriting() failed", exception: error, transport: this, protocol: this._protocol });
    }
  }

  /** A protocol callback failed: report it and close at once, with the error. */
  _fatalError(error: unknown, message: string): void {
    this._loop.callExceptionHandler({ message, exception: error, transport: this, protocol: this._protocol });
    this._error ??= error instanceof Error ? error : new Error(String(error));
    this._closing = true;
    this._stream.destroy();
  }

  // ------------------------------------------------------------------ Transport

  getExtraInfo(name: string, defaultValue: unknown = null): unknown {
    const v = this._extra[name];
    return v === undefined ? defaultValue : v;
  }

  isClosing(): boolean {
    // A stream Node has already destroyed (a write failed with EPIPE, say) is closed, even before
    // the loop has delivered its end: drain() then yields so connectionLost() can run.
    return this._closing || this._stream.destroyed;
  }

  setProtocol(protocol: BaseProtocol): void {
    if (protocol === null || typeof protocol !== "object") {
      throw new TypeError(`Transport.setProtocol(protocol): expected a protocol object, got ${describe(protocol)}`);
    }
    this._protocol = protocol;
    this._buffered = isBuffered(protocol);
  }

  getProtocol(): BaseProtocol {
    return this._protocol;
  }

  isReading(): boolean {
    return !this._paused && !this._closing;
  }

  pauseReading(): void {
    if (this._closing || this._paused) return;
    this._paused = true;
    this._stream.pause();
  }

  resumeReading(): void {
    if (this._closing || !this._paused) return;
    this._paused = false;
    this._stream.resume();
    if (this._head < this._tail) this._scheduleFlush();
  }

  setWriteBufferLimits(high?: number | null, low?: number | null): void {
    [this._high, this._low] = waterMarks("Transport.setWriteBufferLimits", high, low);
    this._maybePauseProtocol();
  }

  getWriteBufferLimits(): [low: number, high: number] {
    return [this._low, this._high];
  }

  getWriteBufferSize(): number {
    return this._writable ? this._stream.writableLength : 0;
  }

  write(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) badBytes("Transport.write", "data", data);
    if (this._eof) throw new Error("Transport.write(data): Cannot call write() after writeEof()");
    if (!this._writable) throw new Error("Transport.write(data): this transport is read-only");
    if (data.length === 0) return;
    if (this._closing || this._stream.destroyed) {
      // As CPython: writes after the connection is lost are dropped (and counted).
      this._connLost++;
      return;
    }
    this._stream.write(data, this._onWritten);
    if (!this._protocolPaused && this._stream.writableLength > this._high) this._maybePauseProtocol();
  }

  writelines(chunks: Iterable<Uint8Array>): void {
    if (chunks === null || typeof chunks !== "object" || typeof (chunks as Iterable<Uint8Array>)[Symbol.iterator] !== "function") {
      throw new TypeError(`Transport.writelines(chunks): expected an iterable of Uint8Array, got ${describe(chunks)}`);
    }
    const list = Array.isArray(chunks) ? (chunks as Uint8Array[]) : [...chunks];
    for (let i = 0; i < list.length; i++) if (!(list[i] instanceof Uint8Array)) badBytes("Transport.writelines", `chunks[${i}]`, list[i]);
    // One writev() for the lot.
    const stream = this._stream;
    const cork = list.length > 1 && !this._closing && this._writable;
    if (cork) stream.cork();
    try {
      for (const chunk of list) this.write(chunk);
    } finally {
      if (cork) stream.uncork();
    }
  }

  writeEof(): void {
    if (this._kind === "tls") throw new Error("Transport.writeEof(): a TLS transport cannot half-close (canWriteEof() is false)");
    if (this._closing || this._eof) return;
    this._eof = true;
    if (this._writable) this._stream.end();
  }

  canWriteEof(): boolean {
    return this._kind !== "tls" && this._writable;
  }

  close(): void {
    if (this._closing) return;
    this._closing = true;
    const stream = this._stream;
    if (this._readable) stream.pause();
    if (!this._writable || stream.writableFinished) {
      stream.destroy();
      return;
    }
    // Send what is buffered (and the FIN), then let go of the socket.
    stream.once("finish", () => stream.destroy());
    if (!stream.writableEnded) stream.end();
  }

  abort(): void {
    if (this._lost) return;
    this._closing = true;
    const stream = this._stream as Duplex & { resetAndDestroy?: () => void };
    if (this._kind === "tcp" && typeof stream.resetAndDestroy === "function") {
      try {
        stream.resetAndDestroy(); // RST: the peer sees ECONNRESET
        return;
      } catch {
        // not a TCP handle after all
      }
    }
    stream.destroy();
  }

  toString(): string {
    const state = this._lost ? "closed" : this._closing ? "closing" : "open";
    const peer = this._extra["peername"];
    const where = Array.isArray(peer) ? ` peer=${peer[0]}:${peer[1]}` : typeof peer === "string" && peer !== "" ? ` peer=${peer}` : "";
    const flags = [this._paused ? " read=paused" : "", this._protocolPaused ? " write=paused" : ""].join("");
    return `<${this._kind === "pipe" ? "PipeTransport" : "SocketTransport"} ${state}${where}${flags} bufsize=${this.getWriteBufferSize()}>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function isBuffered(protocol: BaseProtocol): boolean {
  return typeof (protocol as Partial<BufferedProtocol>).getBuffer === "function";
}

function baseExtra(stream: Duplex, kind: StreamKind): Record<string, unknown> {
  if (kind === "pipe") return { pipe: stream };
  const s = stream as Duplex & {
    remoteAddress?: string;
    remotePort?: number;
    address?: () => { address?: string; port?: number } | Record<string, never>;
    getPeerCertificate?: () => unknown;
    getCipher?: () => unknown;
  };
  const extra: Record<string, unknown> = { socket: stream };
  if (kind !== "unix") {
    if (s.remoteAddress !== undefined) extra["peername"] = [s.remoteAddress, s.remotePort ?? 0];
    const local = typeof s.address === "function" ? s.address() : {};
    if (typeof local.address === "string") extra["sockname"] = [local.address, local.port ?? 0];
  }
  return extra;
}
