import { _describe as describe } from "@aio/core";
import type { Awaitable, Coroutine } from "@aio/core";
import { Condition } from "./condition.js";
import { BrokenBarrierError } from "./errors.js";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";

// The barrier's states (asyncio's _BarrierState): filling up with arrivals, letting a full batch
// out, letting the waiters of a reset batch out, or broken for good.
const FILLING = 0;
const DRAINING = 1;
const RESETTING = 2;
const BROKEN = 3;
type State = typeof FILLING | typeof DRAINING | typeof RESETTING | typeof BROKEN;
const STATE_NAMES = ["filling", "draining", "resetting", "broken"] as const;

/**
 * A meeting point for a fixed number of tasks (`asyncio.Barrier`): each `wait()` blocks until
 * `parties` tasks are waiting, then all of them go on together.
 *
 * @remarks
 * The barrier can be used again once a batch has left. `reset()` sends the tasks waiting now away
 * with {@link BrokenBarrierError} and starts over; `abort()` breaks the barrier for good. The
 * barrier binds to the running event loop the first time a task waits on it.
 * @example
 * ```ts
 * const barrier = new Barrier(3);
 * function* worker(i: number): Coroutine<void> {
 *   yield* sleep(i);
 *   const index = yield* barrier.wait(); // all three continue at t = 2
 * }
 * ```
 * @public
 */
export class Barrier {
  readonly #cond = new Condition();
  readonly #parties: number;
  #state: State = FILLING;
  #count = 0;

  static {
    thenable(Barrier.#wait);
    thenable(Barrier.#reset);
    thenable(Barrier.#abort);
  }

  /**
   * Creates a barrier for `parties` tasks.
   * @throws TypeError if `parties` is not a number.
   * @throws RangeError if `parties` is not an integer of at least 1.
   */
  constructor(parties: number) {
    if (typeof parties !== "number") throw new TypeError(`Barrier(parties): expected an integer >= 1, got ${describe(parties)}`);
    if (!Number.isInteger(parties) || parties < 1) {
      throw new RangeError(`Barrier(parties): expected an integer >= 1, got ${describe(parties)}`);
    }
    this.#parties = parties;
  }

  /** How many tasks must wait for the barrier to open. */
  get parties(): number {
    return this.#parties;
  }

  /** How many tasks are waiting for the barrier to fill (0 while a batch drains or resets). */
  get nWaiting(): number {
    return this.#state === FILLING ? this.#count : 0;
  }

  /** True once `abort()` was called. */
  get broken(): boolean {
    return this.#state === BROKEN;
  }

  /**
   * Waits until `parties` tasks are waiting, then resolves to this task's arrival index (0 for the
   * first, `parties - 1` for the one that opened the barrier).
   *
   * @remarks
   * A task that arrives while the previous batch is still leaving waits for it to be gone first.
   *
   * Cancellation: a task cancelled while the barrier fills leaves it, and the count of waiting
   * tasks goes down by one; the others keep waiting.
   * @throws {@link BrokenBarrierError} if the barrier is reset or aborted while waiting, or is broken.
   * @throws Error if no event loop is running, or the barrier is bound to another loop.
   */
  wait(): Awaitable<number> {
    return asAwaitable(Barrier.#wait(this));
  }

  /**
   * Puts the barrier back in its initial, empty state; tasks waiting now get {@link BrokenBarrierError}.
   *
   * @remarks
   * Also repairs a broken barrier. Cancellation: the call waits only for the barrier's internal
   * lock; cancelled there, it changes nothing.
   * @throws Error if a wait is needed and no event loop is running, or the barrier is bound to another loop.
   */
  reset(): Awaitable<void> {
    return asAwaitable(Barrier.#reset(this));
  }

  /**
   * Breaks the barrier: tasks waiting now and every later `wait()` get {@link BrokenBarrierError}
   * until `reset()`.
   *
   * @remarks
   * Cancellation: the call waits only for the barrier's internal lock; cancelled there, it changes nothing.
   * @throws Error if a wait is needed and no event loop is running, or the barrier is bound to another loop.
   */
  abort(): Awaitable<void> {
    return asAwaitable(Barrier.#abort(this));
  }

  /** Shows the state, e.g. `<Barrier [filling, waiters:1/3]>` or `<Barrier [broken]>`. */
  toString(): string {
    const extra = this.broken ? "" : `, waiters:${this.nWaiting}/${this.#parties}`;
    return `<Barrier [${STATE_NAMES[this.#state]}${extra}]>`;
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  static *#wait(b: Barrier): Coroutine<number> {
    const cond = b.#cond;
    yield* cond.acquire();
    try {
      yield* Barrier.#block(b);
      const index = b.#count++;
      try {
        if (index + 1 === b.#parties) {
          // The last arrival opens the barrier for the whole batch.
          b.#state = DRAINING;
          cond.notifyAll();
        } else {
          yield* Barrier.#waitToOpen(b);
        }
        return index;
      } finally {
        b.#count--;
        b.#exit();
      }
    } finally {
      cond.release();
    }
  }

  /** Arriving: wait while a batch drains or resets, and refuse if broken. */
  static *#block(b: Barrier): Coroutine<void> {
    yield* b.#cond.waitFor(() => b.#state !== DRAINING && b.#state !== RESETTING);
    if (b.#state === BROKEN) throw new BrokenBarrierError("Barrier aborted");
  }

  /** Waiting in the barrier until the batch is complete; a reset or abort meanwhile is an error. */
  static *#waitToOpen(b: Barrier): Coroutine<void> {
    yield* b.#cond.waitFor(() => b.#state !== FILLING);
    if (b.#state === BROKEN || b.#state === RESETTING) throw new BrokenBarrierError("Abort or reset of barrier");
  }

  /** The last task out of a draining or resetting batch lets the barrier fill again. */
  #exit(): void {
    if (this.#count !== 0) return;
    if (this.#state === RESETTING || this.#state === DRAINING) this.#state = FILLING;
    this.#cond.notifyAll();
  }

  static *#reset(b: Barrier): Coroutine<void> {
    yield* b.#cond.acquire();
    try {
      b.#state = b.#count > 0 ? RESETTING : FILLING;
      b.#cond.notifyAll();
    } finally {
      b.#cond.release();
    }
  }

  static *#abort(b: Barrier): Coroutine<void> {
    yield* b.#cond.acquire();
    try {
      b.#state = BROKEN;
      b.#cond.notifyAll();
    } finally {
      b.#cond.release();
    }
  }
}
