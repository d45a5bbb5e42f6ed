// The PromiseLike half of a `then()`: calls the matching callback once the outcome is known and
// settles what `then()` returned. `await` calls `then` with the engine's own resolve functions and
// ignores what it returns, so the common case needs no native promise at all; one is made only if
// someone chains on the result.
const NOT_RUN = 0;
const FULFILLED = 1;
const REJECTED = 2;

/**
 * For the \@aio packages: what a `then()` that is served by the loop returns (a future's waiter,
 * an async function's next iteration). Subclasses call `_fire` with the outcome.
 * @public
 */
export class Reaction<T, R> implements PromiseLike<R> {
  private outcome = NOT_RUN;
  private value: unknown = undefined;
  private promise: Promise<R> | null = null;
  private resolve: ((v: R | PromiseLike<R>) => void) | null = null;
  private reject: ((e: unknown) => void) | null = null;

  constructor(
    private readonly onFulfilled: ((value: T) => R | PromiseLike<R>) | null | undefined,
    private readonly onRejected: ((reason: unknown) => R | PromiseLike<R>) | null | undefined,
  ) {}

  /** Calls the matching callback with the outcome and settles the chained promise, if any. */
  _fire(ok: boolean, v: unknown): void {
    const cb = ok ? this.onFulfilled : this.onRejected;
    if (typeof cb === "function") {
      try {
        v = (cb as (x: unknown) => unknown)(v);
        ok = true;
      } catch (e) {
        ok = false;
        v = e;
      }
    }
    if (this.resolve !== null) {
      if (ok) this.resolve(v as R);
      else this.reject!(v);
      return;
    }
    this.outcome = ok ? FULFILLED : REJECTED;
    this.value = v;
    // A rejection no callback handled (or a callback that threw) must not vanish: unless a chained
    // `then` picks it up right away, surface it as an unhandled promise rejection, as a Promise would.
    if (!ok) {
      void Promise.resolve().then(() => {
        if (this.promise === null) void Promise.reject(v);
      });
    }
  }

  /** Chaining: `x.then(a).then(b)` works through a real promise made on demand. */
  then<R1 = R, R2 = never>(
    onFulfilled?: ((value: R) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.nativePromise().then(onFulfilled, onRejected);
  }

  private nativePromise(): Promise<R> {
    if (this.promise !== null) return this.promise;
    if (this.outcome === FULFILLED) return (this.promise = Promise.resolve(this.value as R));
    if (this.outcome === REJECTED) return (this.promise = Promise.reject(this.value));
    return (this.promise = new Promise<R>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    }));
  }
}
