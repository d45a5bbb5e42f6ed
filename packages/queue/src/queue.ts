import { _describe as describe } from "@aio/core";
import type { Awaitable, Coroutine } from "@aio/core";
import { QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
import { _asAwaitable as asAwaitable, _drive as drive, _thenable as thenable } from "@aio/task";
import { QueueCore } from "./queue-core.js";
import { GetOp, PutOp } from "./queue-ops.js";
import { Ring } from "./ring.js";

import { registerName, reprName } from "./names.js";

export { registerName };

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A first-in, first-out queue for tasks (`asyncio.Queue`), optionally bounded.
 *
 * @remarks
 * `put` waits while the queue is full and `get` while it is empty; each successful put wakes one
 * waiting getter and each get one waiting putter, first come first served. Items stay in the queue
 * until a getter actually takes them, so no item is ever lost or delivered twice, whatever is
 * cancelled and when. `taskDone` and `join` track when every item put has been processed;
 * `shutdown` ends the queue's life.
 *
 * Unlike asyncio's queue, it is also async-iterable: `for await (const item of queue)` gets items
 * until the queue is shut down (and drained).
 *
 * The queue binds to the running event loop the first time a task has to wait on it, and refuses
 * to be used from another loop afterwards. Subclasses change the order by overriding the storage
 * hooks `_put` and `_get` (see {@link LifoQueue} and {@link PriorityQueue}).
 * @example
 * ```ts
 * const q = new Queue<number>(1);
 * createTask(function* () { for (let i = 0; i < 3; i++) yield* q.put(i); q.shutdown(); });
 * for await (const item of q) console.log(item); // 0, 1, 2
 * ```
 * @public
 */
export class Queue<T = unknown> implements AsyncIterable<T> {
  readonly #core: QueueCore;
  readonly #items = new Ring<T>();

  static {
    thenable(Queue.#join);
  }

  /**
   * Creates a queue that holds at most `maxsize` items; 0 or less means no limit.
   * @param maxsize - the capacity. @defaultValue 0
   * @throws TypeError if `maxsize` is not a number.
   * @throws RangeError if `maxsize` is NaN.
   */
  constructor(maxsize = 0) {
    if (typeof maxsize !== "number") {
      throw new TypeError(`${reprName(new.target)}(maxsize): expected a number, got ${describe(maxsize)}`);
    }
    if (Number.isNaN(maxsize)) throw new RangeError(`${reprName(new.target)}(maxsize): expected a number, got NaN`);
    this.#core = new QueueCore(maxsize);
  }

  /** The capacity given to the constructor (0 or less: unbounded). */
  get maxsize(): number {
    return this.#core.maxsize;
  }

  /** How many items are in the queue. */
  qsize(): number {
    return this.#core.count;
  }

  /** True if the queue holds no item. */
  empty(): boolean {
    return this.#core.count === 0;
  }

  /** True if the queue holds `maxsize` items (never for an unbounded queue). */
  full(): boolean {
    return this.#core.full();
  }

  /**
   * Puts `item` in the queue, waiting while it is full.
   *
   * @remarks
   * Cancellation: a task cancelled while waiting for room puts nothing and leaves the line; if it
   * had just been given the free slot, it passes it on to the next putter. The `CancelledError`
   * propagates.
   * @throws {@link QueueShutDown} if the queue is shut down, or gets shut down while waiting.
   * @throws Error if a wait is needed and no event loop is running, or the queue is bound to another loop.
   * @example
   * ```ts
   * yield* q.put(item);   // generator coroutine
   * await q.put(item);    // async function
   * ```
   */
  put(item: T): Awaitable<void> {
    return new PutOp(this, this.#core, item);
  }

  /**
   * Puts `item` in the queue without waiting.
   * @throws {@link QueueFull} if the queue is full.
   * @throws {@link QueueShutDown} if the queue is shut down.
   */
  putNowait(item: T): void {
    const core = this.#core;
    if (core.isShutdown) throw new QueueShutDown(`${reprName(this.constructor)}.putNowait(item): the queue is shut down`);
    if (core.full()) throw new QueueFull();
    this._put(item);
    core.count++;
    core.unfinished++;
    core.getters.wakeNext(undefined);
  }

  /**
   * Removes and returns the next item, waiting while the queue is empty.
   *
   * @remarks
   * Cancellation: a task cancelled while waiting takes no item and leaves the line; if an item had
   * just been put for it, the wake-up goes to the next getter and the item stays in the queue for
   * it. No item is lost. The `CancelledError` propagates.
   * @throws {@link QueueShutDown} if the queue is shut down and empty, or shut down with
   * `immediate` (also while waiting).
   * @throws Error if a wait is needed and no event loop is running, or the queue is bound to another loop.
   */
  get(): Awaitable<T> {
    return new GetOp(this, this.#core);
  }

  /**
   * Removes and returns the next item without waiting.
   * @throws {@link QueueEmpty} if the queue is empty.
   * @throws {@link QueueShutDown} if the queue is empty and shut down.
   */
  getNowait(): T {
    const core = this.#core;
    if (core.count === 0) {
      if (core.isShutdown) throw new QueueShutDown(`${reprName(this.constructor)}.getNowait(): the queue is shut down and empty`);
      throw new QueueEmpty();
    }
    const item = this._get();
    core.count--;
    core.putters.wakeNext(undefined);
    return item;
  }

  /**
   * Tells the queue that one item taken with `get` has been processed; when every item put has
   * been, `join()` returns.
   * @throws RangeError `"taskDone() called too many times"` if there is no unprocessed item.
   */
  taskDone(): void {
    const core = this.#core;
    if (core.unfinished <= 0) throw new RangeError("taskDone() called too many times");
    core.unfinished--;
    if (core.unfinished === 0) core.joiners.wakeAll(undefined);
  }

  /**
   * Waits until every item put in the queue has been taken and marked done with `taskDone()`.
   *
   * @remarks
   * Returns at once if there is nothing unfinished. `shutdown(true)` counts the items it drops as done.
   *
   * Cancellation: a task cancelled while waiting just stops waiting; the queue is not affected.
   * @throws Error if a wait is needed and no event loop is running, or the queue is bound to another loop.
   */
  join(): Awaitable<void> {
    return asAwaitable(Queue.#join(this));
  }

  /**
   * Shuts the queue down: `put` and `putNowait` throw {@link QueueShutDown} from now on, and
   * `get`/`getNowait` throw it once the queue is empty. Blocked putters and getters are woken to
   * find out.
   *
   * @remarks
   * With `immediate`, the items still in the queue are dropped (each counted as done for
   * `join()`), so getters throw at once too.
   * @param immediate - drop the queued items; read by truthiness, as Python's `immediate`. @defaultValue false
   */
  shutdown(immediate = false): void {
    const core = this.#core;
    core.isShutdown = true;
    if (immediate) {
      while (core.count > 0) {
        this._get();
        core.count--;
        if (core.unfinished > 0) core.unfinished--;
      }
      if (core.unfinished === 0) core.joiners.wakeAll(undefined);
    }
    core.getters.wakeAll(undefined);
    core.putters.wakeAll(undefined);
  }

  /**
   * Iterates over the items as they arrive, with `get()`, until the queue is shut down and empty.
   *
   * @remarks
   * A convenience asyncio lacks. It does not call `taskDone()`. Generator coroutines, which cannot
   * use `for await`, loop on `yield* queue.get()` and catch {@link QueueShutDown}.
   *
   * Cancellation: cancelling the task while it waits for the next item throws `CancelledError`
   * out of the `for await` loop; no item is taken.
   */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    // Each step resolves to an IteratorResult object, never to the item itself, so an item that
    // happens to be a promise is handed over as it is instead of being awaited.
    return {
      next: () => drive(Queue.#next(this)),
      return: () => Promise.resolve(DONE),
    };
  }

  /** Shows the state, e.g. `<Queue maxsize=1 qsize=0 _getters[1]>`. */
  toString(): string {
    const core = this.#core;
    let s = `<${reprName(this.constructor)} maxsize=${core.maxsize} qsize=${core.count}`;
    if (core.getters.size > 0) s += ` _getters[${core.getters.size}]`;
    if (core.putters.size > 0) s += ` _putters[${core.putters.size}]`;
    if (core.unfinished > 0) s += ` tasks=${core.unfinished}`;
    if (core.isShutdown) s += " shutdown";
    return s + ">";
  }

  /** Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /**
   * Storage hook: adds `item` to the storage. Override it with `_get` to change the order.
   * @param item - the item to store.
   */
  protected _put(item: T): void {
    this.#items.push(item);
  }

  /** Storage hook: removes and returns the next item; called only when the queue is not empty. */
  protected _get(): T {
    return this.#items.shift();
  }

  static *#next<T>(q: Queue<T>): Coroutine<IteratorResult<T, undefined>> {
    try {
      return { done: false, value: yield* q.get() };
    } catch (e) {
      if (e instanceof QueueShutDown) return DONE;
      throw e;
    }
  }

  static *#join<T>(q: Queue<T>): Coroutine<void> {
    const core = q.#core;
    if (core.unfinished === 0) return;
    const fut = core.wait(core.joiners, q);
    try {
      yield fut;
    } finally {
      core.joiners.remove(fut);
    }
  }
}

registerName(Queue, "Queue");
