import { describe } from "./validate.js";

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

  /**
   * Starts at `start` seconds (default 0; negative times are fine).
   * @throws TypeError if `start` is not a number; RangeError if it is NaN or infinite.
   */
  constructor(start = 0) {
    if (typeof start !== "number") throw new TypeError(`VirtualClock(start): expected a finite number of seconds, got ${describe(start)}`);
    if (!Number.isFinite(start)) throw new RangeError(`VirtualClock(start): expected a finite number of seconds, got ${start}`);
    this.t = start;
  }

  /** The current virtual time. */
  now(): number {
    return this.t;
  }

  /**
   * Moves the clock to `time`.
   * @throws TypeError if `time` is not a number.
   * @throws RangeError if `time` is earlier than now (virtual time is monotonic too) or not finite.
   */
  set(time: number): void {
    if (typeof time !== "number") throw new TypeError(`VirtualClock.set(time): expected a finite time >= ${this.t}, got ${describe(time)}`);
    if (!(time >= this.t) || !Number.isFinite(time)) {
      throw new RangeError(`VirtualClock.set(time): expected a finite time >= ${this.t}, got ${time}`);
    }
    this.t = time;
  }
}
