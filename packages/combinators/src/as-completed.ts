import { TimeoutError, getEventLoop, type Awaitable, type Coroutine, type FutureLike, type TimerHandle } from "@aio/core";
import { ensureFuture, type Task, _drive as drive } from "@aio/task";
import { checkAwaitable } from "./await-source.js";
import { CompletionQueue } from "./completion-queue.js";
import { checkSeconds, describe, toArray } from "./describe.js";
import { Operation } from "./operation.js";
import type { AwaitableSource, ResultOf } from "./types.js";

/**
 * Options for {@link asCompleted}.
 * @public
 */
export interface AsCompletedOptions {
  /** Seconds after which the next item fails with `TimeoutError`; null for no limit. @defaultValue null */
  timeout?: number | null | undefined;
}

/**
 * A future handed out by `for await (const f of asCompleted(...))`: the original future or task
 * (or the task made for a coroutine), already done — read it with `result()`.
 *
 * @remarks
 * It is typed without `then` only because TypeScript would otherwise type the loop variable of
 * `for await` as the future's *result*; at run time it is the future itself.
 * @public
 */
export type Completed<F> = Omit<F, "then">;

/**
 * The future `asCompleted` hands out for an element of type `A`: `A` itself for a future or
 * task, else the task made for it.
 * @public
 */
export type FutureOf<A> = A extends FutureLike<unknown> ? A : Task<ResultOf<A>>;

/**
 * What {@link asCompleted} returns: iterate it with `for...of` for awaitables of the results in
 * completion order, or with `for await...of` for the futures themselves in completion order.
 * @public
 */
export interface AsCompleted<T, F = FutureLike<T>> extends Iterable<Awaitable<T>>, AsyncIterable<Completed<F>> {}

/** CPython's `_AsCompletedIterator`. */
class AsCompletedIterator<T, F extends FutureLike<T>> implements AsCompleted<T, F> {
  private readonly done: CompletionQueue<F | null>;
  private readonly todo: Set<F>;
  private todoLeft: number;
  private timer: TimerHandle | null = null;

  constructor(aws: AwaitableSource<T>[], timeout: number | null) {
    const loop = getEventLoop();
    this.done = new CompletionQueue(loop);
    this.todo = new Set();
    for (const aw of new Set(aws)) this.todo.add(ensureFuture(aw, { loop }) as F);
    for (const f of this.todo) f.addDoneCallback(this.handleCompletion);
    if (this.todo.size > 0 && timeout !== null) this.timer = loop.callLater(timeout, this.handleTimeout);
    this.todoLeft = this.todo.size;
  }

  [Symbol.iterator](): Iterator<Awaitable<T>> {
    return {
      next: (): IteratorResult<Awaitable<T>> => {
        if (this.todoLeft === 0) return { done: true, value: undefined };
        this.todoLeft--;
        return { done: false, value: new Operation("asCompleted() item", () => this.nextResult()) };
      },
    };
  }

  [Symbol.asyncIterator](): AsyncIterator<Completed<F>> {
    return {
      next: async (): Promise<IteratorResult<Completed<F>>> => {
        if (this.todoLeft === 0) return { done: true, value: undefined };
        this.todoLeft--;
        // The future travels inside an array: resolving a promise with a future would adopt it
        // (a future is a thenable) and hand out its result instead.
        const [f] = await drive(this.nextDone());
        return { done: false, value: f };
      },
    };
  }

  toString(): string {
    return `<asCompleted pending=${this.todo.size} left=${this.todoLeft}>`;
  }

  private readonly handleTimeout = (): void => {
    for (const f of this.todo) {
      f.removeDoneCallback(this.handleCompletion);
      this.done.put(null); // one "timed out" mark per item not yet done
    }
    this.todo.clear();
  };

  private readonly handleCompletion = (f: F): void => {
    if (this.todo.size === 0) return; // the timeout came first
    this.todo.delete(f);
    this.done.put(f);
    if (this.todo.size === 0) this.timer?.cancel();
  };

  /** The next future to complete, boxed; throws TimeoutError once the timeout passed. */
  private *nextDone(): Coroutine<[F]> {
    const f = yield* this.done.get();
    if (f === null) throw new TimeoutError("asCompleted(): the deadline passed before this item was done");
    return [f];
  }

  private *nextResult(): Coroutine<T> {
    const [f] = yield* this.nextDone();
    return f.result();
  }
}

/**
 * Yields awaitables in the order they complete (`asyncio.as_completed`, 3.13 form).
 *
 * @remarks
 * Every element is made a future at once (coroutines and coroutine functions become tasks;
 * duplicates count once), and the timeout starts now. Then:
 *
 * - `for (const next of asCompleted(aws))` gives, for each element, an awaitable of the *next*
 *   result to arrive (`yield* next` or `await next`), in completion order;
 * - `for await (const fut of asCompleted(aws))` gives the original futures and tasks themselves
 *   (new tasks for coroutines) as they complete, so you can tell which one finished.
 *
 * With a `timeout`, once it passes every remaining item fails with
 * `TimeoutError` when awaited; the pending futures are not cancelled. Breaking
 * out of the loop and iterating again resumes where it left off.
 *
 * Cancellation: awaiting an item is an await point. Cancelling the task that awaits an item
 * stops that wait only; the futures are not cancelled.
 * @param aws - the awaitables (an array or other iterable).
 * @throws TypeError if `aws` is a single awaitable instead of a collection, an element is not
 * awaitable, or `timeout` is not a number or null.
 * @throws RangeError if `timeout` is NaN.
 * @example
 * ```ts
 * await run(async () => {
 *   for await (const task of asCompleted(tasks, { timeout: 10 })) {
 *     console.log(task.getName(), "finished with", task.result());
 *   }
 * });
 * ```
 * @public
 */
export function asCompleted<A extends AwaitableSource>(
  aws: Iterable<A>,
  options: AsCompletedOptions = {},
): AsCompleted<ResultOf<A>, FutureOf<A>> {
  const items = toArray("asCompleted", "aws", aws);
  if (options === null || typeof options !== "object") {
    throw new TypeError(`asCompleted(aws, options): expected { timeout? }, got ${describe(options)}`);
  }
  checkSeconds("asCompleted", "timeout", options.timeout, true);
  for (let i = 0; i < items.length; i++) checkAwaitable("asCompleted", `aws[${i}]`, items[i]);
  return new AsCompletedIterator<ResultOf<A>, FutureOf<A> & FutureLike<ResultOf<A>>>(
    items as AwaitableSource<ResultOf<A>>[],
    options.timeout ?? null,
  );
}
