// One child process and its pipes, seen from the loop (CPython's BaseSubprocessTransport and
// SubprocessStreamProtocol in one, since only the stream-level API is offered).
//
// Node events never touch the readers, writer or waiters directly: the exit is delivered by a loop
// callback (as CPython's child watcher does with call_soon_threadsafe), and the pipes are stream
// transports of @aio/streams, which deliver their own events the same way. A child that exits is
// reaped by Node (libuv) at once, whether or not anybody waits for it, so it never lingers as a
// zombie.
import type { ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import type { EventLoop } from "@aio/core";
import { Future } from "@aio/future";
import {
  FlowControlProtocol,
  Protocol,
  StreamReader,
  StreamWriter,
  connectReadPipe,
  connectWritePipe,
  type BaseTransport,
  type ReadTransport,
} from "@aio/streams";
import { ProcessLookupError } from "./errors.js";
import { signalNumber } from "./signals.js";

/** @internal The pipes by fd: 0 stdin, 1 stdout, 2 stderr. */
type Fd = 0 | 1 | 2;

/** @internal See the file comment. */
export class ChildTransport {
  readonly _loop: EventLoop;
  readonly _child: ChildProcess;
  readonly _limit: number;
  /** The exit status once the loop has been told (negative: killed by that signal). */
  _returncode: number | null = null;
  /** The exit status as soon as Node reported it (the loop hears of it one callback later). */
  _exitStatus: number | null = null;
  /** Tasks waiting in wait(). */
  readonly _exitWaiters = new Set<Future<number>>();
  /** Pipe transports by fd, and whether each has lost its connection. */
  readonly _pipes = new Map<Fd, { transport: BaseTransport; lost: boolean }>();
  stdin: StreamWriter | null = null;
  stdout: StreamReader | null = null;
  stderr: StreamReader | null = null;
  /** close() was called (pipes closed, the child killed if it still ran). */
  _closed = false;
  /** The child exited and every pipe is closed: nothing is left to watch. */
  _finished = false;
  /** The spawn error, once Node reported it (no pid then). */
  _spawnError: Error | null = null;
  _spawnWaiter: Future<void> | null = null;
  /** An error Node reported for `kill()` (EPERM), caught while sendSignal() runs. */
  _killError: Error | null = null;
  _inKill = false;
  /** Unregisters the loop-close callback. */
  _unhook: (() => void) | null = null;

  constructor(loop: EventLoop, child: ChildProcess, limit: number) {
    this._loop = loop;
    this._child = child;
    this._limit = limit;
    child.on("error", this._onError);
    child.on("exit", this._onExit);
    if (child.pid !== undefined) this._unhook = loop._onClose?.(this._onLoopClosed) ?? null;
  }

  get pid(): number {
    return this._child.pid ?? -1;
  }

  // ------------------------------------------------------------------ Node events

  readonly _onError = (error: Error): void => {
    if (this._inKill) this._killError ??= error;
    else if (this._child.pid === undefined) {
      this._spawnError ??= error;
      const waiter = this._spawnWaiter;
      if (waiter !== null && !waiter.done() && !this._loop.isClosed()) this._loop.callSoon(() => waiter.done() || waiter.setResult());
    }
  };

  readonly _onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    const status = code ?? -(signal === null ? 0 : (signalNumber(signal) ?? 0));
    this._exitStatus = status;
    if (this._loop.isClosed()) {
      this._returncode = status;
      return;
    }
    this._loop.callSoon(this._processExited, status);
  };

  /** The loop was closed with the child still watched: let go of everything, kill a running child. */
  readonly _onLoopClosed = (): void => {
    this._unhook = null;
    this._closed = true;
    for (const stream of [this._child.stdin, this._child.stdout, this._child.stderr]) stream?.destroy();
    // A killed child stays referenced until Node has reaped it (at once), so a process that ends
    // right after run() still reaps it first; one that refused the kill (setuid) must not keep
    // Node waiting, and is let go.
    if (this._exitStatus === null && this._kill("SIGKILL") !== null) this._child.unref();
  };

  // ------------------------------------------------------------------ start

  /** Waits until Node has reported why the spawn failed, and throws that error. */
  *_spawnFailed(): Generator<unknown, never, unknown> {
    if (this._spawnError === null) {
      this._spawnWaiter = new Future<void>({ loop: this._loop });
      yield* this._spawnWaiter;
    }
    this._destroyUnconnected();
    throw this._spawnError ?? new Error("spawn failed");
  }

  /** Wraps the child's pipes in stream transports, with a reader or writer on each. */
  *_connectPipes(): Generator<unknown, void, unknown> {
    const { stdin, stdout, stderr } = this._child;
    if (stdin !== null) {
      const protocol = new StdinProtocol(this);
      const [transport] = yield* connectWritePipe(() => protocol, stdin as Writable, { loop: this._loop });
      this._pipes.set(0, { transport, lost: false });
      this.stdin = new StreamWriter(transport, protocol, null);
    }
    for (const [fd, pipe] of [[1, stdout], [2, stderr]] as const) {
      if (pipe === null) continue;
      const reader = new StreamReader({ limit: this._limit, loop: this._loop });
      const protocol = new ReadPipeProtocol(this, fd, reader);
      const [transport] = yield* connectReadPipe(() => protocol, pipe as Readable, { loop: this._loop });
      this._pipes.set(fd, { transport, lost: false });
      if (fd === 1) this.stdout = reader;
      else this.stderr = reader;
    }
  }

  // ------------------------------------------------------------------ loop callbacks

  /** The child exited: record the status, wake wait(), and finish if the pipes are done. */
  readonly _processExited = (status: number): void => {
    this._returncode = status;
    for (const waiter of this._exitWaiters) if (!waiter.done()) waiter.setResult(status);
    this._exitWaiters.clear();
    this._maybeClose();
    this._tryFinish();
  };

  /** A pipe lost its connection (EOF, close, or error). */
  _pipeLost(fd: Fd): void {
    const pipe = this._pipes.get(fd);
    if (pipe !== undefined) pipe.lost = true;
    this._maybeClose();
    this._tryFinish();
  }

  /** CPython's `_maybe_close_transport`: exited and stdout/stderr at their end → close the rest (stdin). */
  _maybeClose(): void {
    if (this._returncode === null || this._closed) return;
    for (const [fd, pipe] of this._pipes) if (fd !== 0 && !pipe.lost) return;
    this.close();
  }

  _tryFinish(): void {
    if (this._finished || this._returncode === null) return;
    for (const pipe of this._pipes.values()) if (!pipe.lost) return;
    this._finished = true;
    this._unhook?.();
    this._unhook = null;
  }

  // ------------------------------------------------------------------ operations

  /** Closes the pipes, and kills the child if it still runs (CPython's transport close()). */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    for (const pipe of this._pipes.values()) pipe.transport.close();
    this._destroyUnconnected();
    if (this._exitStatus === null && this._child.pid !== undefined) this._kill("SIGKILL");
  }

  /** Destroys the Node streams of pipes that have no transport (the start failed or was cancelled). */
  _destroyUnconnected(): void {
    const { stdin, stdout, stderr } = this._child;
    if (!this._pipes.has(0)) stdin?.destroy();
    if (!this._pipes.has(1)) stdout?.destroy();
    if (!this._pipes.has(2)) stderr?.destroy();
  }

  /**
   * Sends `signal` to the child.
   * @throws ProcessLookupError once the child's exit is known to the loop.
   * @throws the system error of kill(2) (EPERM).
   */
  sendSignal(signal: string | number, fn: string): void {
    if (this._returncode !== null) {
      throw new ProcessLookupError(`${fn}(): process ${this.pid} has already exited with returncode ${this._returncode}`);
    }
    const error = this._kill(signal);
    if (error !== null) throw error;
  }

  /** `child.kill(signal)`, returning the error Node reports (nothing for a child that is already gone). */
  _kill(signal: string | number): Error | null {
    this._inKill = true;
    this._killError = null;
    try {
      this._child.kill(signal as NodeJS.Signals | number);
    } finally {
      this._inKill = false;
    }
    return this._killError;
  }
}

/** The stdin pipe's protocol: flow control for the writer, and the transport learns when it closes. */
class StdinProtocol extends FlowControlProtocol {
  constructor(private readonly owner: ChildTransport) {
    super({ loop: owner._loop });
  }

  override connectionLost(exc: Error | null): void {
    super.connectionLost(exc);
    this.owner._pipeLost(0);
  }
}

/** A stdout/stderr pipe's protocol: feeds the reader. */
class ReadPipeProtocol extends Protocol {
  constructor(
    private readonly owner: ChildTransport,
    private readonly fd: 1 | 2,
    private readonly reader: StreamReader,
  ) {
    super();
  }

  override connectionMade(transport: BaseTransport): void {
    this.reader.setTransport(transport as ReadTransport);
  }

  override dataReceived(data: Uint8Array): void {
    this.reader.feedData(data);
  }

  override connectionLost(exc: Error | null): void {
    if (exc === null) this.reader.feedEof();
    else this.reader.setException(exc);
    this.owner._pipeLost(this.fd);
  }
}
