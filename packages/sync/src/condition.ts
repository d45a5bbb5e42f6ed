import { _describe as describe, CancelledError, FUTURE, type Awaitable, type Coroutine, type EventLoop } from "@aio/core";
import { _WaiterQueue } from "@aio/future";
import { Lock } from "./lock.js";
import { boundLoop } from "./loop-binding.js";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import { useOperation, type UseBody } from "./use.js";

const NONE: unique symbol = Symbol("none");

/**
 * A condition variable (`asyncio.Condition`): tasks holding its lock wait until another task
 * notifies them.
 *
 * @remarks
 * `acquire`, `release`, `locked` and `use` act on the underlying lock, which is a new {@link Lock}
 * unless one is given (share a lock between several conditions by passing it in). The condition
 * binds to the running event loop the first time a task waits on it.
 * @example
 * ```ts
 * const cond = new Condition();
 * const items: number[] = [];
 * function* consumer(): Coroutine<number> {
 *   return yield* cond.use(function* () {
 *     yield* cond.waitFor(() => items.length > 0);
 *     return items.shift()!;
 *   });
 * }
 * function* producer(): Coroutine<void> {
 *   yield* cond.use(function* () { items.push(1); cond.notify(); });
 * }
 * ```
 * @public
 */
export class Condition {
  readonly #lock: Lock;
  readonly #waiters = new _WaiterQueue<boolean>();
  #loop: EventLoop | null = null;

  static {
    thenable(Condition.#wait);
    thenable(Condition.#waitFor);
  }

  /**
   * Creates a condition on `lock`, or on a new {@link Lock}.
   * @throws TypeError if `lock` is given and is not a Lock.
   */
  constructor(lock?: Lock | null) {
    if (lock !== undefined && lock !== null && !(lock instanceof Lock)) {
      throw new TypeError(`Condition(lock): expected a Lock, null or undefined, got ${describe(lock)}`);
    }
    this.#lock = lock ?? new Lock();
  }

  /**
   * Acquires the underlying lock (see `Lock.acquire`).
   *
   * @remarks
   * Cancellation: as for `Lock.acquire`.
   * @throws Error if a wait is needed and no event loop is running, or the lock is bound to another loop.
   */
  acquire(): Awaitable<true> {
    return this.#lock.acquire();
  }

  /**
   * Releases the underlying lock.
   * @throws Error `"Lock is not acquired."` if it is not locked.
   */
  release(): void {
    this.#lock.release();
  }

  /** True if the underlying lock is taken. */
  locked(): boolean {
    return this.#lock.locked();
  }

  /**
   * Runs `body` while holding the underlying lock (`async with cond:`); see `Lock.use`.
   *
   * @remarks
   * Cancellation: as for `Lock.use`. A `wait()` inside the body re-acquires the lock before it
   * throws, so the release at the end of the body is always of a lock the body holds.
   * @throws TypeError if `body` is not a function.
   */
  use<R>(body: UseBody<R>): Awaitable<R> {
    return useOperation(this, body, "Condition.use");
  }

  /**
   * Releases the lock, waits until notified, and re-acquires the lock; resolves to `true`.
   *
   * @remarks
   * The caller must hold the lock. A wake-up may be spurious, so check the state you wait for
   * again (or use `waitFor`).
   *
   * Cancellation: the lock is re-acquired even when the wait is cancelled (waiting for it as long
   * as needed, even through further cancellations), and then the same `CancelledError` is
   * re-thrown. So code like `cond.use(...)` that releases in a `finally` always releases a lock it
   * holds. A task that was notified but fails to resume passes the notification on to the next
   * waiter.
   * @throws Error `"cannot wait on un-acquired lock"` if the lock is not held.
   * @throws Error if no event loop is running, or the condition is bound to another loop.
   */
  wait(): Awaitable<true> {
    return asAwaitable(Condition.#wait(this));
  }

  /**
   * Waits until `predicate()` returns a truthy value, and resolves to that value.
   *
   * @remarks
   * Checks the predicate first, then after each wake-up, always with the lock held.
   *
   * Cancellation: as for `wait()`: the lock is held again when the `CancelledError` propagates.
   * @throws TypeError if `predicate` is not a function.
   * @throws Error `"cannot wait on un-acquired lock"` if the lock is not held and the predicate is false.
   */
  waitFor<R>(predicate: () => R): Awaitable<R> {
    if (typeof predicate !== "function") {
      throw new TypeError(`Condition.waitFor(predicate): expected a function, got ${describe(predicate)}`);
    }
    return asAwaitable(Condition.#waitFor(this, predicate));
  }

  /**
   * Wakes up to `n` waiting tasks, first come first served. They return from `wait()` once they
   * get the lock, which this call does not release.
   * @param n - how many waiters to wake (0 or less: none, `Infinity`: all, as in CPython). @defaultValue 1
   * @throws Error `"cannot notify on un-acquired lock"` if the lock is not held.
   * @throws TypeError if `n` is not a number; RangeError if it is NaN.
   */
  notify(n = 1): void {
    if (typeof n !== "number") throw new TypeError(`Condition.notify(n): expected a number, got ${describe(n)}`);
    if (n !== n) throw new RangeError("Condition.notify(n): expected a number, got NaN");
    if (!this.locked()) throw new Error("cannot notify on un-acquired lock");
    this.#waiters.wakeUpTo(n, false);
  }

  /**
   * Wakes every waiting task (see `notify`).
   * @throws Error `"cannot notify on un-acquired lock"` if the lock is not held.
   */
  notifyAll(): void {
    this.notify(this.#waiters.size);
  }

  /** Shows the state, e.g. `<Condition [locked, waiters:2]>`. */
  toString(): string {
    const n = this.#waiters.size;
    return `<Condition [${this.locked() ? "locked" : "unlocked"}${n > 0 ? `, waiters:${n}` : ""}]>`;
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  static *#wait(cond: Condition): Coroutine<true> {
    if (!cond.locked()) throw new Error("cannot wait on un-acquired lock");
    const fut = (cond.#loop = boundLoop(cond.#loop, cond)).createFuture<boolean>();
    cond.release();
    try {
      try {
        cond.#waiters.add(fut);
        try {
          fut[FUTURE] = true;
          yield fut;
          return true;
        } finally {
          cond.#waiters.remove(fut);
        }
      } finally {
        // Re-acquire the lock whatever happened, even through cancellations; then re-throw the
        // latest CancelledError (or let the original error go on).
        let cancelled: CancelledError | typeof NONE = NONE;
        for (;;) {
          try {
            yield* cond.#lock.acquire();
            break;
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            cancelled = e;
          }
        }
        if (cancelled !== NONE) throw cancelled;
      }
    } catch (e) {
      // We may have been notified before failing: hand the notification to someone else. At worst
      // that is a spurious wake-up, which the condition-variable contract allows.
      cond.#waiters.wakeUpTo(1, false);
      throw e;
    }
  }

  static *#waitFor<R>(cond: Condition, predicate: () => R): Coroutine<R> {
    let result = predicate();
    while (!result) {
      yield* Condition.#wait(cond);
      result = predicate();
    }
    return result;
  }
}
