// Executor.map: submit every call at once, hand the results back in input order.
import type { ConcurrentFuture } from "./concurrent-future.js";

/**
 * Zips `iterables` (stopping at the shortest, like Python's `zip`), submits one job per tuple
 * right away, and returns an async iterator over the results in input order (for the \@aio
 * executors' `map`).
 *
 * @remarks
 * Leaving the loop early, or an error thrown at an item, cancels the futures not yet reached.
 * @param submit - Submits one job with its arguments.
 * @param iterables - Checked by the caller: each must be iterable.
 * @public
 */
export function mapJobs<R>(
  submit: (args: unknown[]) => ConcurrentFuture<R>,
  iterables: readonly Iterable<unknown>[],
): AsyncIterableIterator<R> {
  const futures: ConcurrentFuture<R>[] = [];
  if (iterables.length > 0) {
    const iterators = iterables.map((iterable) => iterable[Symbol.iterator]());
    try {
      for (;;) {
        const args: unknown[] = [];
        for (const iterator of iterators) {
          const step = iterator.next();
          if (step.done === true) return new ResultIterator(futures);
          args.push(step.value);
        }
        futures.push(submit(args));
      }
    } catch (error) {
      for (const future of futures) future.cancel();
      throw error;
    }
  }
  return new ResultIterator(futures);
}

class ResultIterator<R> implements AsyncIterableIterator<R> {
  readonly #futures: ConcurrentFuture<R>[];
  #index = 0;

  constructor(futures: ConcurrentFuture<R>[]) {
    this.#futures = futures;
  }

  async next(): Promise<IteratorResult<R>> {
    const future = this.#futures[this.#index];
    if (future === undefined) return { done: true, value: undefined };
    this.#futures[this.#index++] = undefined as never; // let finished results go
    try {
      return { done: false, value: await future };
    } catch (error) {
      this.#cancelRest();
      throw error;
    }
  }

  async return(value?: unknown): Promise<IteratorResult<R>> {
    this.#cancelRest();
    return { done: true, value: value as R };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<R> {
    return this;
  }

  #cancelRest(): void {
    for (let i = this.#index; i < this.#futures.length; i++) this.#futures[i]?.cancel();
    this.#index = this.#futures.length;
  }
}
