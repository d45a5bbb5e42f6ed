// A host is how a loop waits and wakes between turns. The loop keeps at most one request with its
// host: "call me as soon as you can" (delay 0) or "call me in `delay` ms" (the earliest timer).
import { addNodeSignalListener, nodeSignalName, removeNodeSignalListener } from "./node-signals.js";
import { checkRequest } from "./validate.js";

// setTimeout turns a delay above 2^31-1 ms (about 24.8 days) into 1 ms, so a far timer would wake
// the loop every millisecond. Wait at most a day, like CPython's select timeout: waking early is
// harmless, the loop finds nothing due and asks again for the rest.
const MAX_WAIT_MS = 86_400_000;

/**
 * How an event loop waits and wakes up: the part that differs between Node, browsers and tests.
 *
 * @remarks
 * The loop calls `request(tick, delay)` when it has nothing to run right now, and `cancel()` when
 * it no longer needs the wake-up. A new request replaces the previous one. `tick` must be called
 * from a fresh macrotask (never synchronously inside `request`), so pending microtasks — the
 * continuations of async functions — run before the loop's next turn.
 * @public
 */
export interface Host {
  /** Calls `tick()` once, after about `delay` milliseconds (0: as soon as possible). Replaces any earlier request. */
  request(tick: () => void, delay: number): void;
  /** Withdraws the pending request, if any. */
  cancel(): void;
  /**
   * Optional, for hosts that can deliver POSIX signals (Node): the canonical name of a signal given
   * by name (`"SIGINT"`) or number (`2`), or null if there is no such signal here. A host without
   * this method cannot deliver signals, and `loop.addSignalHandler()` refuses.
   */
  signalName?(signal: string | number): string | null;
  /**
   * Optional: calls `listener()` from a fresh macrotask each time the process receives `signal`
   * (a name `signalName` returned).
   * @throws Error if the signal cannot be caught (SIGKILL, SIGSTOP) or not here (a worker thread).
   */
  addSignalListener?(signal: string, listener: () => void): void;
  /** Optional: undoes `addSignalListener(signal, listener)`. */
  removeSignalListener?(signal: string, listener: () => void): void;
}

/**
 * The Node.js host: `setImmediate` for "as soon as possible", one `setTimeout` for the next timer.
 * @public
 */
export class NodeHost implements Host {
  private immediate: ReturnType<typeof setImmediate> | null = null;
  private timeout: ReturnType<typeof setTimeout> | null = null;

  /**
   * {@inheritDoc Host.request}
   * @throws TypeError if `tick` is not a function or `delay` not a number; RangeError if `delay` is NaN.
   */
  request(tick: () => void, delay: number): void {
    if (typeof tick !== "function" || typeof delay !== "number" || delay !== delay) checkRequest("NodeHost", tick, delay);
    this.cancel();
    if (delay <= 0) {
      this.immediate = setImmediate(() => {
        this.immediate = null;
        tick();
      });
    } else {
      // setTimeout never fires early but only has millisecond resolution: round up.
      this.timeout = setTimeout(() => {
        this.timeout = null;
        tick();
      }, Math.min(Math.ceil(delay), MAX_WAIT_MS));
    }
  }

  /** {@inheritDoc Host.cancel} */
  cancel(): void {
    if (this.immediate !== null) clearImmediate(this.immediate);
    if (this.timeout !== null) clearTimeout(this.timeout);
    this.immediate = this.timeout = null;
  }

  /** {@inheritDoc Host.signalName} */
  signalName(signal: string | number): string | null {
    return nodeSignalName(signal);
  }

  /**
   * Listens with `process.on(signal, listener)`.
   * @throws Error if the signal cannot be caught (SIGKILL, SIGSTOP) or this is a worker thread.
   */
  addSignalListener(signal: string, listener: () => void): void {
    addNodeSignalListener(signal, listener);
  }

  /** {@inheritDoc Host.removeSignalListener} */
  removeSignalListener(signal: string, listener: () => void): void {
    removeNodeSignalListener(signal, listener);
  }
}

/**
 * A browser (or any WHATWG runtime) host, and the default on a page: a `MessageChannel` message for
 * "as soon as possible" (not clamped like nested `setTimeout(0)`, not throttled in a hidden tab),
 * `setTimeout` for timers.
 *
 * @remarks
 * Browsers clamp and throttle `setTimeout`: nested timers wait at least 4 ms, a hidden tab's timers
 * fire about once a second (or once a minute after a while), and a timer can fire a little before
 * its time by `performance.now()`. The host remembers the deadline of its timer: a timer that fires
 * early is re-armed for the rest instead of waking the loop for nothing, and when the page becomes
 * visible again (or resumes from being frozen) a pending timer is re-armed from its deadline, so a
 * sleep that ended while the tab was hidden ends at once instead of at the next throttled wake-up.
 * @public
 */
export class MessageChannelHost implements Host {
  private channel = new MessageChannel();
  private pending: (() => void) | null = null;
  private timeout: ReturnType<typeof setTimeout> | null = null;
  /** What the timer calls, and when (performance.now() ms) it is due. */
  private timed: { tick: () => void; deadline: number } | null = null;

  constructor() {
    // The WHATWG shape (addEventListener + start), which Node's MessagePort also has.
    const port = this.channel.port1 as unknown as {
      addEventListener(type: "message", fn: () => void): void;
      start(): void;
      unref?: () => void;
    };
    port.addEventListener("message", () => {
      const tick = this.pending;
      this.pending = null;
      tick?.();
    });
    port.start();
    port.unref?.(); // do not keep a Node process alive just for the channel
  }

  /**
   * {@inheritDoc Host.request}
   * @throws TypeError if `tick` is not a function or `delay` not a number; RangeError if `delay` is NaN.
   */
  request(tick: () => void, delay: number): void {
    if (typeof tick !== "function" || typeof delay !== "number" || delay !== delay) checkRequest("MessageChannelHost", tick, delay);
    this.cancel();
    if (delay <= 0) {
      this.pending = tick;
      this.channel.port2.postMessage(null);
    } else {
      this.timed = { tick, deadline: performance.now() + delay };
      this.arm(delay);
    }
  }

  /** {@inheritDoc Host.cancel} */
  cancel(): void {
    this.pending = null;
    this.disarm();
    if (this.timed !== null) {
      this.timed = null;
      timedHosts.delete(this);
    }
  }

  /** Sets the timer for `delay` ms (at most a day) and watches for the page coming back. */
  private arm(delay: number): void {
    this.timeout = setTimeout(this.fired, Math.min(Math.ceil(delay), MAX_WAIT_MS));
    watchPage(this);
  }

  /** Clears the timer, if any. */
  private disarm(): void {
    if (this.timeout !== null) clearTimeout(this.timeout);
    this.timeout = null;
  }

  /** The timer fired: wake the loop if the deadline has come, else wait for the rest. */
  private readonly fired = (): void => {
    this.timeout = null;
    const timed = this.timed;
    if (timed === null) return;
    const left = timed.deadline - performance.now();
    if (left > 0) {
      this.arm(left); // early (or capped at a day): the loop would find nothing due
      return;
    }
    this.timed = null;
    timedHosts.delete(this);
    timed.tick();
  };

  /** @internal The page is visible (or resumed) again: fire a throttled timer that is due by now. */
  _rearm(): void {
    const timed = this.timed;
    if (timed === null) return;
    this.disarm();
    this.arm(Math.max(0, timed.deadline - performance.now()));
  }
}

// The hosts with a pending timer, re-armed when the page comes back. One listener for all of them
// (added on first need, where there is a `document`), so a host costs nothing once its timer fired.
const timedHosts = new Set<MessageChannelHost>();
let pageWatched = false;

function watchPage(host: MessageChannelHost): void {
  timedHosts.add(host);
  if (pageWatched) return;
  pageWatched = true;
  const doc = (globalThis as { document?: { addEventListener(type: string, fn: () => void): void; visibilityState?: string } }).document;
  if (doc === undefined || typeof doc.addEventListener !== "function") return;
  const comeBack = (): void => {
    if (doc.visibilityState === "hidden") return;
    for (const h of [...timedHosts]) h._rearm();
  };
  doc.addEventListener("visibilitychange", comeBack);
  doc.addEventListener("resume", comeBack); // Page Lifecycle: the page was frozen
}

/**
 * @internal The host a loop gets when none is given: `NodeHost` where `setImmediate` exists (Node,
 * Bun), otherwise `MessageChannelHost` (browsers, Web Workers, Deno).
 */
export function defaultHost(): Host {
  return typeof setImmediate === "function" ? new NodeHost() : new MessageChannelHost();
}

/**
 * A host that never wakes the loop by itself: the test (or an embedding) calls `fire()`.
 *
 * @remarks
 * Useful to step a loop turn by turn, or to embed the loop in another scheduler that decides when
 * it runs. Like any host, call `fire()` from a fresh macrotask or after an `await`: a turn that
 * resumed an async-function task finishes its step in microtasks, and a turn fired before they
 * ran takes the task as suspended on a foreign promise.
 * @public
 */
export class ManualHost implements Host {
  /** The pending request, if any: what `fire()` would run and the delay the loop asked for. */
  pending: { tick: () => void; delay: number } | null = null;

  /**
   * {@inheritDoc Host.request}
   * @throws TypeError if `tick` is not a function or `delay` not a number; RangeError if `delay` is NaN.
   */
  request(tick: () => void, delay: number): void {
    if (typeof tick !== "function" || typeof delay !== "number" || delay !== delay) checkRequest("ManualHost", tick, delay);
    this.pending = { tick, delay };
  }

  /** {@inheritDoc Host.cancel} */
  cancel(): void {
    this.pending = null;
  }

  /**
   * Runs the pending request now.
   * @returns false if there was none.
   */
  fire(): boolean {
    const p = this.pending;
    if (p === null) return false;
    this.pending = null;
    p.tick();
    return true;
  }
}
