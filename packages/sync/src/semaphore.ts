import { _describe as describe, FUTURE, type Awaitable, type Coroutine, type EventLoop } from "@aio/core";
import { _WaiterQueue } from "@aio/future";
import { boundLoop } from "./loop-binding.js";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import { useOperation, type UseBody } from "./use.js";

let setBound: (sem: Semaphore, bound: number) => void;

/**
 * A counter of permits for tasks (`asyncio.Semaphore`): `acquire()` takes one, waiting while there
 * are none; `release()` puts one back.
 *
 * @remarks
 * Permits go to waiters in the order they asked; a task never takes a permit ahead of a waiter
 * still in line, even when the counter is above zero (that waiter has just been woken and has not
 * run yet). `release()` hands the permit straight to the first waiter, so the counter can stay at
 * zero across a release. The semaphore binds to the running event loop the first time a task has
 * to wait for it.
 * @example
 * ```ts
 * const sem = new Semaphore(10); // at most 10 downloads at a time
 * function* download(url: string): Coroutine<string> {
 *   return yield* sem.use(function* () { return yield* fetchIt(url); });
 * }
 * ```
 * @public
 */
export class Semaphore {
  #value: number;
  #bound = Infinity;
  readonly #waiters = new _WaiterQueue<boolean>();
  #loop: EventLoop | null = null;

  static {
    thenable(Semaphore.#acquire);
    setBound = (sem, bound) => {
      sem.#bound = bound;
    };
  }

  /**
   * Creates a semaphore with `value` permits.
   * @param value - the initial number of permits. @defaultValue 1
   * @throws TypeError if `value` is not a number.
   * @throws RangeError if `value` is not an integer of at least 0.
   */
  constructor(value = 1) {
    checkValue(reprName(new.target), value);
    this.#value = value;
  }

  /**
   * Takes a permit, waiting until one is free; the awaitable resolves to `true`.
   *
   * @remarks
   * Returns at once if a permit is free and nobody is in line.
   *
   * Cancellation: a task cancelled while waiting leaves the line without a permit; if a permit
   * had just been handed to it, the permit goes back and on to the next waiter. The
   * `CancelledError` propagates.
   * @throws Error if a wait is needed and no event loop is running, or the semaphore is bound to another loop.
   */
  acquire(): Awaitable<true> {
    return asAwaitable(Semaphore.#acquire(this));
  }

  /**
   * Puts a permit back, handing it to the first waiter if there is one.
   * @throws RangeError `"BoundedSemaphore released too many times"` for a {@link BoundedSemaphore}
   * released above its initial value.
   */
  release(): void {
    if (this.#value >= this.#bound) throw new RangeError("BoundedSemaphore released too many times");
    this.#value++;
    this.#wakeUpNext();
  }

  /** True if `acquire()` would wait: no permit is free, or some task is in line for one. */
  locked(): boolean {
    return this.#value === 0 || this.#waiters.hasLive();
  }

  /**
   * Runs `body` while holding a permit (`async with sem:`) and resolves to what it returns; see `Lock.use`.
   *
   * @remarks
   * Cancellation: as for `acquire()` while waiting; inside the body the `CancelledError` lands at
   * the body's await and the permit is still released.
   * @throws TypeError if `body` is not a function.
   */
  use<R>(body: UseBody<R>): Awaitable<R> {
    return useOperation(this, body, `${reprName(this.constructor)}.use`);
  }

  /** Shows the state, e.g. `<Semaphore [unlocked, value:2]>` or `<Semaphore [locked, waiters:1]>`. */
  toString(): string {
    const n = this.#waiters.size;
    const state = this.locked() ? "locked" : `unlocked, value:${this.#value}`;
    return `<${reprName(this.constructor)} [${state}${n > 0 ? `, waiters:${n}` : ""}]>`;
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Hands one permit to the first waiter not woken yet. */
  #wakeUpNext(): boolean {
    if (!this.#waiters.wakeNext(true)) return false;
    this.#value--;
    return true;
  }

  static *#acquire(sem: Semaphore): Coroutine<true> {
    if (!sem.locked()) {
      sem.#value--;
      return true;
    }
    const fut = (sem.#loop = boundLoop(sem.#loop, sem)).createFuture<boolean>();
    sem.#waiters.add(fut);
    let acquired = false;
    try {
      fut[FUTURE] = true;
      yield fut;
      acquired = true;
    } finally {
      // Woken, but leaving without the permit (cancelled): give it back.
      if (sem.#waiters.remove(fut) && !acquired) sem.#value++;
      // Waiters that queued while permits were free (FIFO made them wait): wake as many as allowed.
      while (sem.#value > 0 && sem.#wakeUpNext());
    }
    return true;
  }
}

/**
 * A {@link Semaphore} that refuses to be released above its initial value (`asyncio.BoundedSemaphore`).
 *
 * @remarks
 * Catches a release without a matching acquire, which a plain semaphore would accept as a new permit.
 * @public
 */
export class BoundedSemaphore extends Semaphore {
  /**
   * Creates a bounded semaphore with `value` permits, which is also its maximum.
   * @param value - the initial and maximum number of permits. @defaultValue 1
   * @throws TypeError if `value` is not a number.
   * @throws RangeError if `value` is not an integer of at least 0.
   */
  constructor(value = 1) {
    super(value);
    setBound(this, value);
  }
}

/** The class name for messages: literal for ours (bundlers may rename classes), `name` for subclasses. */
function reprName(ctor: Function): string {
  return ctor === Semaphore ? "Semaphore" : ctor === BoundedSemaphore ? "BoundedSemaphore" : ctor.name;
}

function checkValue(cls: string, value: unknown): void {
  if (typeof value !== "number") {
    throw new TypeError(`${cls}(value): expected an integer >= 0, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${cls}(value): expected an integer >= 0, got ${describe(value)}`);
  }
}
