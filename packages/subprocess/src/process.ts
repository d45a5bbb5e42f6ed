import { _describe as describe, CancelledError, type Awaitable, type Coroutine, type EventLoop, type TaskLike } from "@aio/core";
import { Future } from "@aio/future";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import type { StreamReader, StreamWriter } from "@aio/streams";
import type { ChildTransport } from "./child-transport.js";
import { checkSignal } from "./signals.js";

/** @internal Makes a Process (its constructor is private); set by the class's static block. */
export let makeProcess: (transport: ChildTransport) => Process;

/**
 * A child process started by {@link createSubprocessExec} or {@link createSubprocessShell}
 * (`asyncio.subprocess.Process`).
 *
 * @remarks
 * The pipes asked for with `PIPE` are streams of \@aio/streams: `stdin` a `StreamWriter`,
 * `stdout` and `stderr` `StreamReader`s; the others are null. Use {@link Process.communicate} to
 * send input and collect all output at once, or the streams themselves for a conversation (then
 * `await proc.stdin.drain()` after writes, and read both stdout and stderr, or a child that fills
 * one pipe stops while you wait on the other).
 *
 * A child that exits is reaped at once by Node, whether or not anybody waits for it: no zombie is
 * left behind. A child still running when its loop is closed (the end of `run()`) is killed
 * (SIGKILL) and its pipes are closed, as asyncio does when it closes an abandoned subprocess
 * transport.
 * @example
 * ```ts
 * const proc = await createSubprocessExec("sort", ["-r"], { stdin: PIPE, stdout: PIPE });
 * const [out] = await proc.communicate(Buffer.from("a\nb\nc\n"));
 * console.log(out!.toString(), proc.returncode); // "c\nb\na\n" 0
 * ```
 * @public
 */
export class Process {
  readonly #transport: ChildTransport;
  /** The child's standard input, when it was started with `stdin: PIPE`; else null. */
  readonly stdin: StreamWriter | null;
  /** The child's standard output, when it was started with `stdout: PIPE`; else null. */
  readonly stdout: StreamReader | null;
  /** The child's standard error, when it was started with `stderr: PIPE`; else null. */
  readonly stderr: StreamReader | null;

  static {
    thenable(Process.#wait);
    thenable(Process.#communicate);
    makeProcess = (transport) => new Process(transport);
  }

  /** Made by createSubprocessExec/createSubprocessShell. */
  private constructor(transport: ChildTransport) {
    this.#transport = transport;
    this.stdin = transport.stdin;
    this.stdout = transport.stdout;
    this.stderr = transport.stderr;
  }

  /** The child's process id. */
  get pid(): number {
    return this.#transport.pid;
  }

  /**
   * The exit status once the loop has seen the child exit, else null: the exit code, or minus the
   * signal number if a signal ended it (`-9` after `kill()`, `-15` after `terminate()`).
   */
  get returncode(): number | null {
    return this.#transport._returncode;
  }

  /**
   * Waits for the child to exit and returns its {@link Process.returncode}.
   *
   * @remarks
   * Returns as soon as the child has exited, even if a process it started still holds its pipes
   * open. With `stdout: PIPE` or `stderr: PIPE`, read the pipes too (or use `communicate()`): a
   * child blocked writing to a full pipe never exits.
   *
   * Cancellation: only the wait is cancelled; the child keeps running and a later `wait()` works.
   */
  wait(): Awaitable<number> {
    return asAwaitable(Process.#wait(this));
  }

  /**
   * Sends `input` to stdin (then closes it), reads stdout and stderr to their end, waits for the
   * child to exit, and returns `[stdout, stderr]`: the bytes read, or null for a stream that is not
   * a pipe.
   *
   * @remarks
   * Writing and both reads run at the same time, so any amount of data in both directions passes
   * without deadlock. `input` is ignored when stdin is not a pipe (as in asyncio); a child that
   * exits without reading all of it is not an error (the broken pipe is ignored).
   *
   * Cancellation: the writing and reading stop (what was read so far is lost); the child keeps
   * running and can still be waited for or killed.
   * @throws TypeError if `input` is neither a Uint8Array nor null/undefined.
   * @throws the pipes' errors, other than a broken stdin pipe.
   */
  communicate(input?: Uint8Array | null): Awaitable<[stdout: Uint8Array | null, stderr: Uint8Array | null]> {
    if (input != null && !(input instanceof Uint8Array)) {
      throw new TypeError(`Process.communicate(input): expected a Uint8Array (encode strings with Buffer.from), got ${describe(input)}`);
    }
    return asAwaitable(Process.#communicate(this, input ?? null));
  }

  /**
   * Sends `signal` to the child: a name such as `"SIGTERM"`, or a number.
   * @throws {@link ProcessLookupError} if the child has already exited (its returncode is known).
   * @throws TypeError if `signal` is neither a string nor an integer; RangeError if there is no
   * such signal.
   */
  sendSignal(signal: NodeJS.Signals | number): void {
    const sig = checkSignal("Process.sendSignal", signal);
    this.#transport.sendSignal(sig, "Process.sendSignal");
  }

  /**
   * Asks the child to stop: SIGTERM.
   * @throws {@link ProcessLookupError} if the child has already exited.
   */
  terminate(): void {
    this.#transport.sendSignal("SIGTERM", "Process.terminate");
  }

  /**
   * Kills the child: SIGKILL.
   * @throws {@link ProcessLookupError} if the child has already exited.
   */
  kill(): void {
    this.#transport.sendSignal("SIGKILL", "Process.kill");
  }

  /** Shows the pid and state, e.g. `<Process 1234 running>` or `<Process 1234 returncode=0>`. */
  toString(): string {
    const rc = this.returncode;
    return `<Process ${this.pid} ${rc === null ? "running" : `returncode=${rc}`}>`;
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  static *#wait(p: Process): Coroutine<number> {
    const t = p.#transport;
    if (t._returncode !== null) return t._returncode;
    const waiter = new Future<number>({ loop: t._loop });
    t._exitWaiters.add(waiter);
    try {
      return yield* waiter;
    } finally {
      t._exitWaiters.delete(waiter);
    }
  }

  static *#communicate(p: Process, input: Uint8Array | null): Coroutine<[Uint8Array | null, Uint8Array | null]> {
    const t = p.#transport;
    const loop = t._loop;
    const feed = p.stdin !== null ? loop.createTask(feedStdin(p.stdin, input)) : null;
    const out = p.stdout !== null ? loop.createTask(readAll(t, p.stdout, 1)) : null;
    const err = p.stderr !== null ? loop.createTask(readAll(t, p.stderr, 2)) : null;
    yield* allOf(loop, [feed, out, err]);
    yield* Process.#wait(p);
    return [out === null ? null : (out.result() as Uint8Array), err === null ? null : (err.result() as Uint8Array)];
  }
}

/** communicate(): writes the input, waits for room, and closes stdin; a broken pipe is not an error. */
function* feedStdin(stdin: StreamWriter, input: Uint8Array | null): Coroutine<void> {
  try {
    if (input !== null && input.length > 0) {
      stdin.write(input);
      yield* stdin.drain();
    }
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== "EPIPE" && code !== "ECONNRESET") throw error;
  }
  stdin.close();
}

/** communicate(): reads a pipe to its end, then closes it. */
function* readAll(t: ChildTransport, reader: StreamReader, fd: 1 | 2): Coroutine<Uint8Array> {
  const output = yield* reader.read();
  t._pipes.get(fd)?.transport.close();
  return output;
}

/**
 * Waits for every task (as `gather` does): fails with the first error, and if the wait itself is
 * cancelled, cancels the tasks still running.
 */
function* allOf(loop: EventLoop, tasks: readonly (TaskLike<unknown> | null)[]): Coroutine<void> {
  const live = tasks.filter((t): t is TaskLike<unknown> => t !== null);
  if (live.length === 0) return;
  const all = new Future<void>({ loop });
  let left = live.length;
  const onDone = (t: TaskLike<unknown>): void => {
    // Read every outcome, so a failure after the first is not reported as never retrieved.
    const error = t.cancelled() ? new CancelledError() : t.exception();
    if (all.done()) return;
    if (error !== null) all.setException(error);
    else if (--left === 0) all.setResult(undefined);
  };
  for (const t of live) t.addDoneCallback(onDone);
  try {
    yield* all;
  } finally {
    if (all.cancelled()) for (const t of live) t.cancel();
  }
}
