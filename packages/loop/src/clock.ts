import { performance } from "node:perf_hooks";

/**
 * Tells a loop what time it is, in seconds. The loop only ever reads it.
 * @public
 */
export interface Clock {
  /** The current time in seconds (monotonic: never goes back). */
  now(): number;
  /** The smallest step the clock can tell apart, in seconds; timers this close to due run now. */
  readonly resolution: number;
}

/**
 * Monotonic real time (`performance.now()`), the default clock.
 * @public
 */
export const monotonicClock: Clock = {
  now: () => performance.now() / 1000,
  resolution: 1e-6,
};

/**
 * A clock that moves only when told to: the clock of `TestLoop`.
 * @public
 */
export class VirtualClock implements Clock {
  /** The smallest step; virtual time is exact. */
  readonly resolution = 0;
  private t: number;

  /** Starts at `start` seconds (default 0). */
  constructor(start = 0) {
    this.t = start;
  }

  /** The current virtual time. */
  now(): number {
    return this.t;
  }

  /**
   * Moves the clock to `time`.
   * @throws RangeError if `time` is earlier than now (virtual time is monotonic too) or not finite.
   */
  set(time: number): void {
    if (!(time >= this.t) || !Number.isFinite(time)) {
      throw new RangeError(`VirtualClock.set(time): expected a finite time >= ${this.t}, got ${time}`);
    }
    this.t = time;
  }
}
