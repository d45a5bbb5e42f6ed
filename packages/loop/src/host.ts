// A host is how a loop waits and wakes between turns. The loop keeps at most one request with its
// host: "call me as soon as you can" (delay 0) or "call me in `delay` ms" (the earliest timer).
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
}

/**
 * A browser (or any WHATWG runtime) host: a `MessageChannel` message for "as soon as possible"
 * (not clamped like nested `setTimeout(0)`), `setTimeout` for timers.
 * @public
 */
export class MessageChannelHost implements Host {
  private channel = new MessageChannel();
  private pending: (() => void) | null = null;
  private timeout: ReturnType<typeof setTimeout> | null = null;

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
      this.timeout = setTimeout(() => {
        this.timeout = null;
        tick();
      }, Math.min(Math.ceil(delay), MAX_WAIT_MS));
    }
  }

  /** {@inheritDoc Host.cancel} */
  cancel(): void {
    this.pending = null;
    if (this.timeout !== null) clearTimeout(this.timeout);
    this.timeout = null;
  }
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
