import { FUTURE, type Awaitable, type Coroutine, type EventLoop } from "@aio/core";
import { _WaiterQueue } from "@aio/future";
import { boundLoop } from "./loop-binding.js";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import { useOperation, type UseBody } from "./use.js";

/**
 * A mutual-exclusion lock for tasks (`asyncio.Lock`).
 *
 * @remarks
 * The lock is not owned by a task and is not reentrant: any code may release it, and a task that
 * acquires it twice waits for itself. Waiters get the lock in the order they asked for it; a task
 * never takes the lock ahead of a waiter that is still in line, even one that was just woken and
 * has not run yet.
 *
 * The lock binds to the running event loop the first time a task has to wait for it, and refuses
 * to be used from another loop afterwards.
 * @example
 * ```ts
 * const lock = new Lock();
 * function* worker(name: string): Coroutine<void> {
 *   yield* lock.use(function* () {
 *     console.log(name, "has the lock");
 *     yield* sleep(1);
 *   });
 * }
 * ```
 * @public
 */
export class Lock {
  #locked = false;
  readonly #waiters = new _WaiterQueue<boolean>();
  #loop: EventLoop | null = null;

  static {
    thenable(Lock.#acquire);
  }

  /**
   * Waits until the lock is free, then takes it; the awaitable resolves to `true`.
   *
   * @remarks
   * Takes the lock at once, without waiting, if it is free and nobody is in line.
   *
   * Cancellation: a task cancelled while waiting leaves the line and does not get the lock; if the
   * lock had just been handed to it, it passes it on to the next waiter. The `CancelledError`
   * propagates.
   * @throws Error if a wait is needed and no event loop is running, or the lock is bound to another loop.
   * @example
   * ```ts
   * await lock.acquire();
   * try { ... } finally { lock.release(); }
   * ```
   */
  acquire(): Awaitable<true> {
    return asAwaitable(Lock.#acquire(this));
  }

  /**
   * Releases the lock; the first task in line (if any) will take it when it runs.
   *
   * @remarks
   * `locked()` is false until that task has run.
   * @throws Error `"Lock is not acquired."` if the lock is not locked.
   */
  release(): void {
    if (!this.#locked) throw new Error("Lock is not acquired.");
    this.#locked = false;
    this.#waiters.wakeFirst(true);
  }

  /** True if the lock is taken. */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * Runs `body` while holding the lock (`async with lock:`) and resolves to what it returns.
   *
   * @remarks
   * With `yield*` a generator body runs inline in the calling task; with `await` the body runs as
   * part of the async function. The lock is released when the body ends, however it ends.
   *
   * Cancellation: cancelling the task while it waits for the lock behaves as in `acquire()`;
   * cancelling it inside the body throws `CancelledError` at the body's await and still releases
   * the lock. An async body driven by `yield*` cannot be interrupted: it keeps the lock until it
   * settles.
   * @throws TypeError if `body` is not a function.
   * @example
   * ```ts
   * const n = yield* lock.use(function* () { yield* sleep(1); return 42; });
   * const m = await lock.use(async () => { await sleep(1); return 42; });
   * ```
   */
  use<R>(body: UseBody<R>): Awaitable<R> {
    return useOperation(this, body, "Lock.use");
  }

  /** Shows the state, e.g. `<Lock [locked, waiters:2]>`. */
  toString(): string {
    const n = this.#waiters.size;
    return `<Lock [${this.#locked ? "locked" : "unlocked"}${n > 0 ? `, waiters:${n}` : ""}]>`;
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  static *#acquire(lock: Lock): Coroutine<true> {
    // Fair: the fast path only if free and nobody is in line (cancelled waiters do not count).
    if (!lock.#locked && !lock.#waiters.hasLive()) {
      lock.#locked = true;
      return true;
    }
    const fut = (lock.#loop = boundLoop(lock.#loop, lock)).createFuture<boolean>();
    lock.#waiters.add(fut);
    let woken = false;
    try {
      fut[FUTURE] = true;
      yield fut;
      woken = true;
    } finally {
      lock.#waiters.remove(fut);
      // Leaving without the lock (cancelled): if it is free, make sure the next in line runs.
      if (!woken && !lock.#locked) lock.#waiters.wakeFirst(true);
    }
    lock.#locked = true;
    return true;
  }
}
