import { _checkOptions, _getRunningLoop, _setInTurn, _setRunningLoop } from "@aio/core";
import { VirtualClock } from "./clock.js";
import { EventLoop } from "./event-loop.js";
import { defaultHost } from "./host.js";
import { describe } from "./validate.js";

/**
 * Options for {@link TestLoop}.
 * @public
 */
export interface TestLoopOptions {
  /**
   * Whenever nothing is ready, jump the clock to the next timer instead of waiting.
   * @defaultValue true
   */
  autojump?: boolean | undefined;
  /** Start in debug mode. @defaultValue false */
  debug?: boolean | undefined;
}

/**
 * An {@link EventLoop} on virtual time, for deterministic tests: the clock starts at 0 and moves
 * only when the loop jumps it or `advance()` is called.
 *
 * @remarks
 * With `autojump` (the default), whenever nothing is ready the clock jumps to the next timer, so a
 * program that sleeps for an hour finishes at CPU speed with `loop.time() === 3600`. The clock
 * jumps only from a host turn, after every microtask has run, so code outside the loop's steps
 * (after a foreign await) sees the time it ran at. The same program runs the same way every time.
 *
 * Without autojump, time stands still until `advance(seconds)` moves it.
 * @example
 * ```ts
 * const loop = new TestLoop();
 * await loop.runUntilComplete(function* () {
 *   yield* sleep(3600);
 * });
 * loop.time(); // 3600
 * ```
 * @public
 */
export class TestLoop extends EventLoop {
  /** The virtual clock; tests may read it or move it forward with `advance()`. */
  readonly clock: VirtualClock;
  /** Whether the loop jumps to the next timer when idle (can be changed at any time). */
  autojump: boolean;

  /**
   * Creates a loop on a fresh virtual clock at time 0.
   * @throws TypeError if `options` is not an options object.
   */
  constructor(options: TestLoopOptions = {}) {
    if (options === null || typeof options !== "object") _checkOptions("TestLoop", "{ autojump?, debug? }", options);
    const clock = new VirtualClock(0);
    super({ clock, host: defaultHost(), debug: options.debug });
    this.clock = clock;
    this.autojump = options.autojump ?? true;
  }

  /**
   * Runs, synchronously, everything due within the next `seconds` of virtual time and leaves the
   * clock there: first what is ready, then each due timer in deadline order (with what those
   * schedule), with this loop as the running loop.
   *
   * @remarks
   * An async-function task's step cannot run inside this synchronous call (JavaScript resumes
   * async functions only from microtasks): the steps it resumes run after it returns. Drive async
   * code with `runUntilComplete`.
   * @throws TypeError if `seconds` is not a number.
   * @throws RangeError if `seconds` is negative, NaN or infinite.
   * @throws Error if the loop is closed or another loop is running.
   */
  advance(seconds: number): void {
    if (typeof seconds !== "number") throw new TypeError(`TestLoop.advance(seconds): expected a finite number >= 0, got ${describe(seconds)}`);
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(`TestLoop.advance(seconds): expected a finite number >= 0, got ${describe(seconds)}`);
    }
    const target = this.clock.now() + seconds;
    this._synchronously(() => {
      for (;;) {
        this._runOnce();
        if (this._ready.length > 0) continue;
        this._timers.purge();
        const top = this._timers.peek();
        if (top === undefined || top._when > target) break;
        if (top._when > this.clock.now()) this.clock.set(top._when);
      }
      this.clock.set(target);
    });
  }

  /**
   * Runs ready callbacks (and timers due now) until none are left, without moving the clock.
   * @throws Error if the loop is closed or another loop is running.
   */
  runUntilIdle(): void {
    this._synchronously(() => {
      while (this._ready.length > 0 || this._hasDueTimer()) this._runOnce();
    });
  }

  /**
   * @internal Jump to the next timer when idle, but only from a host turn: after a step ended in a
   * microtask, code outside the loop (a task resumed by a foreign promise) may still be running
   * and must see the time it ran at. The host turn armed next comes once it is done.
   */
  override _whenIdle(): boolean {
    if (!this.autojump || !this._fromHost) return false;
    this._timers.purge();
    const top = this._timers.peek();
    if (top === undefined) return false;
    if (top._when > this.clock.now()) this.clock.set(top._when);
    return true;
  }

  /** @internal Virtual timers never wait real time: wake at once to jump, or not at all. */
  override _armForNext(): void {
    this._timers.purge();
    const jump = this.autojump && this._timers.size > 0;
    if (this._ready.length > 0 || this._hasDueTimer() || this._microtasks || jump) {
      this._microtasks = false;
      this._arm(0);
    }
  }

  /**
   * @internal Virtual time never waits real time: a timer scheduled from outside a turn (code after
   * a foreign await) wakes the loop at once to jump to it, or, without autojump, not at all.
   */
  override _arm(delayMs: number, deadline = -Infinity): void {
    if (delayMs > 0) {
      if (!this.autojump) return;
      delayMs = 0;
      deadline = -Infinity;
    }
    super._arm(delayMs, deadline);
  }

  /** @internal Runs `body` as this loop's turn, then lets a running loop arm its host again. */
  _synchronously(body: () => void): void {
    if (this._closed) throw new Error("Event loop is closed");
    const previous = _getRunningLoop();
    if (previous !== null && previous !== this) throw new Error("Cannot run the event loop while another loop is running");
    if (this._inTurn) throw new Error("TestLoop: advance()/runUntilIdle() cannot be called from a loop callback");
    if (this._stepWait !== null) throw new Error("TestLoop: advance()/runUntilIdle() cannot be called from a task's step");
    _setRunningLoop(this);
    this._inTurn = true;
    _setInTurn(true);
    try {
      body();
    } finally {
      _setInTurn(false);
      this._inTurn = false;
      _setRunningLoop(previous);
    }
    if (this._running) {
      if (this._stopping) this._arm(0);
      else this._armForNext();
    }
  }
}
