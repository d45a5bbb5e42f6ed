// `Queue.put()` and `Queue.get()`: CPython's coroutines, written as hand-written iterators because
// they are the hot path (a generator object costs about twice as much per call). Each object is
// what the call returns: iterable and generator-like (`yield* q.get()`, `createTask(q.get())`) and
// thenable (`await q.get()`, driven by `drive`). Nothing happens until it is awaited; it can be
// awaited once.
//
//   get:  while queue is empty:                      put:  while queue is full:
//           shut down? -> QueueShutDown                      shut down? -> QueueShutDown
//           wait in the getters' line                        wait in the putters' line
//           (leaving with an error: if an item is            (leaving with an error: if room was
//            there and we were woken for it, wake            made for us, wake the next putter)
//            the next getter)
//         return getNowait()                               putNowait(item)
import type { Awaitable, FutureLike } from "@aio/core";
import { QueueShutDown } from "./errors.js";
import { _drive as drive } from "@aio/task";
import type { QueueCore } from "./queue-core.js";
import { queueName } from "./names.js";

const RUNNING = 0; // not started, or between checks
const WAITING = 1; // a waiter future was yielded
const FINISHED = 2;
// A put completes with no value: one shared, frozen result instead of an object per call.
const PUT_DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/** What an operation needs from its queue: the non-blocking twins. */
interface QueueLike<T> {
  getNowait(): T;
  putNowait(item: T): void;
}

abstract class QueueOp<T> implements Iterator<unknown, T, unknown>, Awaitable<T> {
  _state = RUNNING;
  _waiter: FutureLike<undefined> | null = null;
  _promise: Promise<T> | null = null;

  constructor(
    readonly _queue: QueueLike<unknown>,
    readonly _core: QueueCore,
  ) {}

  abstract next(): IteratorResult<unknown, T>;
  /** Leaves the line after an error, passing on a wake-up the waiter was given. */
  abstract _leave(waiter: FutureLike<undefined>): void;

  [Symbol.iterator](): this {
    return this;
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    this._abort();
    throw error;
  }

  return(value?: T): IteratorResult<unknown, T> {
    this._abort();
    return { done: true, value: value as T };
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return (this._promise ??= drive(this)).then(onFulfilled, onRejected);
  }

  _abort(): void {
    const waiter = this._waiter;
    this._state = FINISHED;
    if (waiter !== null) {
      this._waiter = null;
      this._leave(waiter);
    }
  }
}

/** @internal */
export class GetOp<T> extends QueueOp<T> {
  next(): IteratorResult<unknown, T> {
    const core = this._core;
    if (this._state !== RUNNING) {
      if (this._state === FINISHED) return { done: true, value: undefined as T };
      core.getters.remove(this._waiter!); // woken: back to the check
      this._waiter = null;
      this._state = RUNNING;
    }
    if (core.count === 0) {
      if (core.isShutdown) {
        this._state = FINISHED;
        throw new QueueShutDown(`${queueName(this._queue)}.get(): the queue is shut down and empty`);
      }
      this._waiter = core.wait(core.getters, this._queue);
      this._state = WAITING;
      return { done: false, value: this._waiter };
    }
    this._state = FINISHED;
    return { done: true, value: this._queue.getNowait() as T };
  }

  _leave(getter: FutureLike<undefined>): void {
    const core = this._core;
    core.getters.remove(getter);
    getter.cancel();
    // The item we were woken for stays queued: hand the wake-up to the next getter.
    if (core.count > 0 && !getter.cancelled()) core.getters.wakeNext(undefined);
  }
}

/** @internal */
export class PutOp<T> extends QueueOp<void> {
  constructor(
    queue: QueueLike<T>,
    core: QueueCore,
    readonly _item: T,
  ) {
    super(queue as QueueLike<unknown>, core);
  }

  next(): IteratorResult<unknown, void> {
    const core = this._core;
    if (this._state !== RUNNING) {
      if (this._state === FINISHED) return PUT_DONE;
      core.putters.remove(this._waiter!);
      this._waiter = null;
      this._state = RUNNING;
    }
    if (core.isShutdown) {
      // put_nowait would refuse too (CPython raises from there): named after put() here.
      this._state = FINISHED;
      throw new QueueShutDown(`${queueName(this._queue)}.put(item): the queue is shut down`);
    }
    if (core.full()) {
      this._waiter = core.wait(core.putters, this._queue);
      this._state = WAITING;
      return { done: false, value: this._waiter };
    }
    this._state = FINISHED;
    this._queue.putNowait(this._item);
    return PUT_DONE;
  }

  _leave(putter: FutureLike<undefined>): void {
    const core = this._core;
    core.putters.remove(putter);
    putter.cancel();
    // The slot made for us is free: hand the wake-up to the next putter.
    if (!core.full() && !putter.cancelled()) core.putters.wakeNext(undefined);
  }
}
