import { CancelledError, getEventLoop, isFuture, type EventLoop, type FutureLike } from "@aio/core";
import { Future } from "@aio/future";
import { Task, ensureFuture, _AWAITS } from "@aio/task";
import { checkAwaitable } from "./await-source.js";
import { describe, toArray } from "./describe.js";
import type { AwaitableSource, ResultOf } from "./types.js";

/**
 * Options for {@link (gather:1)}.
 * @public
 */
export interface GatherOptions {
  /**
   * Put errors (and a `CancelledError` for each cancelled child) into the result array instead of
   * failing the whole gather with the first one. Read by truthiness, as Python's `return_exceptions`.
   * @defaultValue false
   */
  returnExceptions?: boolean | undefined;
}

/**
 * The results of `gather(aws)`: element `K` is what awaiting `aws[K]` gives.
 * @public
 */
export type GatherResults<A extends readonly unknown[]> = { -readonly [K in keyof A]: ResultOf<A[K]> };

/**
 * The results of `gather(aws, { returnExceptions: true })`: element `K` is what awaiting `aws[K]`
 * gives, or the error it failed with. Errors are typed `Error`; a child that throws a value that
 * is not an `Error` contributes that value as it is.
 * @public
 */
export type GatherSettled<A extends readonly unknown[]> = { -readonly [K in keyof A]: ResultOf<A[K]> | Error };

const PENDING = 0;
const FINISHED = 1;

/** Whether `fn` is among `fut`'s done callbacks (usually the only one). */
function hasCallback(fut: Future<unknown>, fn: unknown): boolean {
  return fut._hasDoneCallback(fn);
}

/** The error a reader of `fut` gets: CPython's `fut._make_cancelled_error()`. */
function cancelledErrorOf(fut: FutureLike<unknown>): CancelledError {
  if (fut instanceof Future) return fut._makeCancelledError();
  if (fut.cancelled()) {
    try {
      fut.exception();
    } catch (e) {
      if (e instanceof CancelledError) return e;
    }
  }
  return new CancelledError("");
}

/** A fresh `CancelledError` carrying `fut`'s cancel message, without consuming the task's own error. */
function cancelledResultOf(fut: FutureLike<unknown>): CancelledError {
  return new CancelledError(fut instanceof Future ? (fut._cancelMessage ?? "") : "");
}

/**
 * The future `gather` returns (CPython's `_GatheringFuture`): `cancel()` cancels the children
 * rather than the future itself, which finishes once they all have.
 */
class GatheringFuture<T> extends Future<T> {
  _nfinished = 0;
  /** How many distinct children there are. */
  _nfuts = 0;
  _cancelRequested = false;

  constructor(
    loop: EventLoop,
    readonly _children: FutureLike<unknown>[],
    readonly _returnExceptions: boolean,
  ) {
    super({ loop });
  }

  /**
   * Cancels every child that is not done yet (a duplicate child is asked twice, as in CPython).
   * @returns true if any child's `cancel()` returned true; false once the gather is done.
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let ret = false;
    const children = this._children;
    for (let i = 0; i < children.length; i++) if (children[i]!.cancel(msg)) ret = true;
    // Even with returnExceptions, a cancelled gather must end in CancelledError (bpo-32684).
    if (ret) this._cancelRequested = true;
    return ret;
  }

  /** Done callback of every child. O(1), except the last one, which builds the results once. */
  readonly _onChildDone = (fut: FutureLike<unknown>): void => {
    this._nfinished++;
    if (this.done()) {
      if (!fut.cancelled()) fut.exception(); // mark the error retrieved: gather already reported one
      return;
    }
    if (!this._returnExceptions) {
      if (fut.cancelled()) {
        this.setException(cancelledErrorOf(fut));
        return;
      }
      const error = fut.exception();
      if (error !== null) {
        this.setException(error);
        return;
      }
    }
    if (this._nfinished === this._nfuts) this._finish();
  };

  /** @internal Every child is done: the results in argument order, or the cancellation. */
  _finish(): void {
    const children = this._children;
    const results = new Array<unknown>(children.length);
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child instanceof Future && child._state === FINISHED && child._exception === undefined) results[i] = child._result;
      else if (child.cancelled()) results[i] = cancelledResultOf(child);
      else {
        const error = child.exception();
        results[i] = error === null ? child.result() : error;
      }
    }
    // CPython takes the error from the last child (its loop variable), whatever its state.
    if (this._cancelRequested) this.setException(cancelledErrorOf(children[children.length - 1]!));
    else this.setResult(results as T);
  }

  /** @internal */
  override _kind(): string {
    return "GatheringFuture";
  }

  /** @internal For the call graph: a task awaiting the gather awaits every child. */
  [_AWAITS](): Iterable<FutureLike<unknown>> {
    return this._children;
  }
}

/**
 * Runs awaitables concurrently and resolves to their results, in argument order (`asyncio.gather`).
 *
 * @remarks
 * Each element may be a future or task (used as it is), a generator coroutine or coroutine
 * function, or a PromiseLike (each wrapped in a new task). An element given twice is awaited once
 * and its result repeated. The result is a tuple typed element by element. With no elements the
 * returned future is already resolved to `[]`. The first element decides the loop of the new
 * tasks and of the returned future: its own loop if it is a future, else `getEventLoop()` — the
 * running loop or, outside one, the loop set with `setEventLoop` (as for `gather([])`).
 *
 * If a child fails, the returned future fails at once with that error and **the other children
 * keep running**: this is CPython's rule, kept on purpose. When the first failure should cancel
 * the rest, use {@link taskGroup}. With `returnExceptions: true`, errors are put in the result
 * array instead (a cancelled child contributes a `CancelledError`).
 *
 * Cancellation: cancelling the returned future (or the task awaiting it) cancels every child that
 * is not done; the future then finishes after all children have, with a `CancelledError` as its
 * *error* — so `cancelled()` stays false but awaiting it throws `CancelledError`, even with
 * `returnExceptions`. A child that is cancelled on its own counts as a child that failed with
 * `CancelledError`: it does not cancel the gather or its siblings. Once the gather is done,
 * `cancel()` returns false and cancels nothing.
 * @param aws - the awaitables (an array or other iterable).
 * @throws TypeError if `aws` is a single awaitable instead of a collection, an element is not
 * awaitable, or `options` is not an options object.
 * @throws RangeError if the elements belong to different loops.
 * @throws Error `"There is no current event loop..."` when a task must be made (or `aws` is empty)
 * and no loop is running or set.
 * @example
 * ```ts
 * await run(function* () {
 *   const [a, b] = yield* gather([sleep(1, "a"), createTask(fetchCount)]);
 *   //     ^? [string, number]
 * });
 * ```
 * @public
 */
export function gather<const A extends readonly AwaitableSource[]>(
  aws: A,
  options?: GatherOptions & { returnExceptions?: false | undefined },
): Future<GatherResults<A>>;
/**
 * {@inheritDoc (gather:1)}
 * @public
 */
export function gather<const A extends readonly AwaitableSource[]>(
  aws: A,
  options: GatherOptions & { returnExceptions: true },
): Future<GatherSettled<A>>;
/**
 * {@inheritDoc (gather:1)}
 * @public
 */
export function gather<const A extends readonly AwaitableSource[]>(
  aws: A,
  options?: GatherOptions,
): Future<GatherResults<A> | GatherSettled<A>>;
export function gather(aws: Iterable<AwaitableSource>, options: GatherOptions = {}): Future<unknown[]> {
  const items = toArray("gather", "aws", aws);
  if (options === null || typeof options !== "object") {
    throw new TypeError(`gather(aws, options): expected { returnExceptions? }, got ${describe(options)}`);
  }
  const returnExceptions = Boolean(options.returnExceptions);
  const n = items.length;
  if (n === 0) {
    const outer = new GatheringFuture<unknown[]>(getEventLoop(), [], returnExceptions);
    outer.setResult([]);
    return outer;
  }
  // Phase 1: every argument becomes a future, in argument order. Coroutines become tasks (with an
  // eager task factory that runs user code); a repeated coroutine maps to the same task.
  const children = new Array<FutureLike<unknown>>(n);
  let made: Map<unknown, FutureLike<unknown>> | null = null;
  let loop: EventLoop | undefined;
  for (let i = 0; i < n; i++) {
    const arg = items[i];
    let fut: FutureLike<unknown> | undefined;
    if (isFuture(arg)) {
      fut = arg;
      if (loop === undefined) loop = fut.getLoop();
      else if (fut.getLoop() !== loop) throw new RangeError(`gather(aws): element ${i} belongs to a different loop than element 0`);
    } else if ((fut = made?.get(arg)) === undefined) {
      checkAwaitable("gather", `aws[${i}]`, arg);
      fut = ensureFuture(arg, { loop: loop ?? getEventLoop() });
      loop ??= fut.getLoop();
      // A task made here is ours alone: do not report it as destroyed while pending.
      if (fut instanceof Task) fut._logDestroyPending = false;
      (made ??= new Map()).set(arg, fut);
    }
    children[i] = fut;
  }
  // Phase 2: count each distinct child once and give each pending one our done callback. No user
  // code runs here, so no child changes state meanwhile. A pending @aio future is a repeat if our
  // callback is already on it (one comparison in the usual case): hashing 100k children into a Set
  // would cost more than the rest of gather.
  const outer = new GatheringFuture<unknown[]>(loop!, children, returnExceptions);
  const onDone = outer._onChildDone;
  let nfuts = 0;
  let others: Set<FutureLike<unknown>> | null = null;
  let done: FutureLike<unknown>[] | null = null;
  for (let i = 0; i < n; i++) {
    const fut = children[i]!;
    if (fut instanceof Future && fut._state === PENDING) {
      if (hasCallback(fut, onDone)) continue;
      fut.addDoneCallback(onDone);
    } else {
      if (others === null) others = new Set();
      else if (others.has(fut)) continue;
      others.add(fut);
      if (fut.done()) (done ??= []).push(fut);
      else fut.addDoneCallback(onDone);
    }
    nfuts++;
  }
  outer._nfuts = nfuts;
  // Children that were done already are counted now: if all were, the gather is done on return.
  if (done !== null) for (const fut of done) onDone(fut);
  return outer;
}
