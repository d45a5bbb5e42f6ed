// The loop's signal handlers (`loop.add_signal_handler` / `remove_signal_handler`): one entry per
// signal, delivered by the host (Node: `process.on`). When a signal arrives the callback is
// scheduled with callSoon, so it runs as an ordinary loop callback, in an iteration, never inside
// the host's signal event.
import { isCoroutineFunction, type EventLoop } from "@aio/core";
import type { Host } from "./host.js";
import { describe } from "./validate.js";

interface Entry {
  callback: (...args: unknown[]) => unknown;
  args: unknown[];
  /** What the host calls; stays the same when the callback is replaced. */
  listener: () => void;
}

/** @internal The signal handlers of one loop. */
export class SignalHandlers {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly loop: EventLoop,
    private readonly host: Host,
  ) {}

  /** Sets (or replaces) the handler of `signal`; see `EventLoop.addSignalHandler` for the errors. */
  add(signal: unknown, callback: unknown, args: unknown[]): void {
    checkSignalCallback(callback);
    const name = this.resolve("addSignalHandler", signal);
    if (this.loop.isClosed()) throw new Error("Event loop is closed");
    const existing = this.entries.get(name);
    if (existing !== undefined) {
      // A second handler for the same signal replaces the first, as in CPython.
      existing.callback = callback as Entry["callback"];
      existing.args = args;
      return;
    }
    const entry: Entry = { callback: callback as Entry["callback"], args, listener: () => this.arrived(name) };
    try {
      this.host.addSignalListener!(name, entry.listener);
    } catch (error) {
      throw new Error(`addSignalHandler(signal): ${(error as Error).message}`);
    }
    this.entries.set(name, entry);
  }

  /** Removes the handler of `signal`: true if there was one. */
  remove(signal: unknown): boolean {
    const name = this.resolve("removeSignalHandler", signal);
    const entry = this.entries.get(name);
    if (entry === undefined) return false;
    this.entries.delete(name);
    this.host.removeSignalListener?.(name, entry.listener);
    return true;
  }

  /** Whether a handler is set for `signal` (a canonical name). */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Removes every handler (the loop is closing). */
  clear(): void {
    for (const [name, entry] of this.entries) this.host.removeSignalListener?.(name, entry.listener);
    this.entries.clear();
  }

  /** The host delivered `name`: schedule its callback, unless the loop closed meanwhile. */
  private arrived(name: string): void {
    const entry = this.entries.get(name);
    if (entry === undefined || this.loop.isClosed()) return;
    const callSoon = this.loop.callSoon as (this: EventLoop, cb: Entry["callback"], ...args: unknown[]) => unknown;
    callSoon.call(this.loop, entry.callback, ...entry.args);
  }

  /** The canonical name of `signal`, after checking the host can deliver signals at all. */
  private resolve(method: string, signal: unknown): string {
    const host = this.host;
    if (typeof host.signalName !== "function" || typeof host.addSignalListener !== "function") {
      const kind = (host as object).constructor?.name ?? "this host";
      throw new Error(`${method}(): the loop's host (${kind}) cannot deliver signals; signal handlers need a Node host (NodeHost)`);
    }
    if (typeof signal === "string") {
      const name = host.signalName(signal);
      if (name === null) throw new RangeError(`${method}(signal): unknown signal name ${JSON.stringify(signal)}`);
      return name;
    }
    if (typeof signal === "number" && Number.isInteger(signal)) {
      const name = host.signalName(signal);
      if (name === null) throw new RangeError(`${method}(signal): invalid signal number ${signal}`);
      return name;
    }
    throw new TypeError(`${method}(signal): expected a signal name such as "SIGINT" or an integer signal number, got ${describe(signal)}`);
  }
}

/** The callback must be a plain function: a coroutine function's call would never be awaited. */
function checkSignalCallback(callback: unknown): void {
  if (typeof callback !== "function") {
    throw new TypeError(`addSignalHandler(callback): a callable object was expected, got ${describe(callback)}`);
  }
  if (isCoroutineFunction(callback)) {
    throw new TypeError(
      "addSignalHandler(callback): coroutines cannot be used with addSignalHandler(); pass a plain function that calls createTask()",
    );
  }
}
