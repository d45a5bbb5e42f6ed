import { FUTURE, type Awaitable, type Coroutine, type EventLoop } from "@aio/core";
import { _WaiterQueue } from "@aio/future";
import { boundLoop } from "./loop-binding.js";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";

/**
 * A flag tasks can wait for (`asyncio.Event`): `set()` wakes every waiter, `clear()` lowers it again.
 *
 * @remarks
 * The event binds to the running event loop the first time a task waits on it, and refuses to be
 * used from another loop afterwards.
 * @example
 * ```ts
 * const ready = new Event();
 * createTask(function* () { yield* sleep(1); ready.set(); });
 * yield* ready.wait(); // one second later
 * ```
 * @public
 */
export class Event {
  #value = false;
  readonly #waiters = new _WaiterQueue<boolean>();
  #loop: EventLoop | null = null;

  static {
    thenable(Event.#wait);
  }

  /** True if the flag is set. */
  isSet(): boolean {
    return this.#value;
  }

  /** Sets the flag and wakes every task waiting for it; later `wait()` calls return at once. */
  set(): void {
    if (this.#value) return;
    this.#value = true;
    this.#waiters.wakeAll(true);
  }

  /** Lowers the flag: later `wait()` calls block until the next `set()`. Tasks already woken stay woken. */
  clear(): void {
    this.#value = false;
  }

  /**
   * Waits until the flag is set; the awaitable resolves to `true`.
   *
   * @remarks
   * Returns at once if the flag is already set.
   *
   * Cancellation: a task cancelled while waiting leaves the waiter list; the flag does not change
   * and the other waiters are not affected.
   * @throws Error if a wait is needed and no event loop is running, or the event is bound to another loop.
   * @example
   * ```ts
   * await ready.wait();
   * ```
   */
  wait(): Awaitable<true> {
    return asAwaitable(Event.#wait(this));
  }

  /** Shows the state, e.g. `<Event [unset, waiters:1]>`. */
  toString(): string {
    const n = this.#waiters.size;
    return `<Event [${this.#value ? "set" : "unset"}${n > 0 ? `, waiters:${n}` : ""}]>`;
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  static *#wait(event: Event): Coroutine<true> {
    if (event.#value) return true;
    const fut = (event.#loop = boundLoop(event.#loop, event)).createFuture<boolean>();
    event.#waiters.add(fut);
    try {
      fut[FUTURE] = true;
      yield fut;
      return true;
    } finally {
      event.#waiters.remove(fut);
    }
  }
}
