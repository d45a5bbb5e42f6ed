// A tiny in-test implementation of core's Executor: jobs wait in a list until the test runs them.
import { CancelledError, InvalidStateError, type ConcurrentFutureLike, type Executor, type ShutdownOptions } from "@aio/core";

type State = "pending" | "running" | "finished" | "cancelled";

export class TinyConcurrentFuture<T> implements ConcurrentFutureLike<T> {
  state: State = "pending";
  value: T | undefined;
  error: unknown = null;
  cancelCalls = 0;
  private callbacks: ((f: ConcurrentFutureLike<T>) => void)[] = [];

  cancel(): boolean {
    this.cancelCalls++;
    if (this.state === "running" || this.state === "finished") return false;
    if (this.state === "pending") this.complete("cancelled");
    return true;
  }
  cancelled(): boolean {
    return this.state === "cancelled";
  }
  running(): boolean {
    return this.state === "running";
  }
  done(): boolean {
    return this.state === "finished" || this.state === "cancelled";
  }
  result(): T {
    if (this.state === "cancelled") throw new CancelledError();
    if (!this.done()) throw new InvalidStateError("pending");
    if (this.error !== null) throw this.error;
    return this.value as T;
  }
  exception(): unknown {
    if (this.state === "cancelled") throw new CancelledError();
    if (!this.done()) throw new InvalidStateError("pending");
    return this.error;
  }
  addDoneCallback(fn: (f: ConcurrentFutureLike<T>) => void): void {
    if (this.done()) fn(this);
    else this.callbacks.push(fn);
  }
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return new Promise<T>((resolve, reject) =>
      this.addDoneCallback(() => {
        try {
          resolve(this.result());
        } catch (e) {
          reject(e);
        }
      }),
    ).then(onFulfilled, onRejected);
  }
  complete(state: "finished" | "cancelled", value?: T, error: unknown = null): void {
    this.state = state;
    this.value = value;
    this.error = error;
    for (const fn of this.callbacks.splice(0)) fn(this);
  }
}

export class TinyExecutor implements Executor {
  jobs: { fn: (...a: unknown[]) => unknown; args: unknown[]; cf: TinyConcurrentFuture<unknown> }[] = [];
  shutdowns: (ShutdownOptions | undefined)[] = [];

  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): ConcurrentFutureLike<Awaited<R>> {
    const cf = new TinyConcurrentFuture<Awaited<R>>();
    this.jobs.push({ fn: fn as (...a: unknown[]) => unknown, args, cf: cf as TinyConcurrentFuture<unknown> });
    return cf;
  }

  /** Runs every job that was not cancelled, synchronously. */
  runAll(): void {
    for (const { fn, args, cf } of this.jobs.splice(0)) {
      if (cf.cancelled()) continue;
      cf.state = "running";
      try {
        cf.complete("finished", fn(...args));
      } catch (e) {
        cf.complete("finished", undefined, e);
      }
    }
  }

  map(): AsyncIterable<never> {
    throw new Error("not used");
  }

  shutdown(options?: ShutdownOptions): PromiseLike<void> {
    this.shutdowns.push(options);
    return Promise.resolve();
  }
}
