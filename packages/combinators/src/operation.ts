// The awaitable most combinators return. It is a lazy coroutine — nothing runs until it is
// awaited, like calling an `async def` in Python — that works both ways:
// - `yield* op` (or a task created from it) steps the generator inline in the caller's task,
//   exactly as CPython runs `await coro`;
// - `await op` (its `then`) runs the same logic from the async function that awaits, through
//   `drive()` or a dedicated async implementation.
// It is single-use, as a coroutine is: awaiting it a second time is an error. The awaitable of an
// `async with` block (timeout(), taskGroup()) is stricter still: any second entry — under `yield*`,
// a second `then()`, or from inside its own body — throws the block's "has already been entered".
import type { Coroutine } from "@aio/core";
import { _drive as drive } from "@aio/task";

const FRESH = 0;
const ITERATING = 1;
const AWAITED = 2;
const FINISHED = 3;

function reuseError(label: string): Error {
  return new Error(`cannot reuse ${label}: it was already awaited (it is single-use, like a coroutine)`);
}

/** @internal */
export class Operation<T> implements Iterator<unknown, T, unknown>, PromiseLike<T> {
  /** @internal */ _mode: number = FRESH;
  /** @internal */ _gen: Coroutine<T> | null = null;
  /** @internal */ _promise: Promise<T> | null = null;

  constructor(
    /** @internal What it is, for reprs and errors: "wait()", "timeout(1)", ... */
    readonly _label: string,
    /** @internal The generator implementation (runs inline in a generator task). */
    readonly _start: () => Coroutine<T>,
    /** @internal The async implementation; by default the generator, driven from the async function. */
    readonly _startAsync: (() => Promise<T>) | null = null,
    /**
     * @internal For the blocks (timeout(), taskGroup()): the error any second entry throws
     * (CPython's "... has already been entered"). Null: the generic reuse error, and a second
     * `then()` shares the first run, as a promise's does.
     */
    readonly _entered: (() => Error) | null = null,
  ) {}

  /** Entering (`yield*`): a block that was already entered throws here, at the second entry. */
  [Symbol.iterator](): this {
    if (this._mode !== FRESH && this._entered !== null) throw this._entered();
    return this;
  }

  next(value?: unknown): IteratorResult<unknown, T> {
    if (this._mode === FINISHED) throw this._reuseError();
    const gen = this._gen ?? this._begin();
    try {
      const r = gen.next(value);
      if (r.done === true) this._mode = FINISHED;
      return r;
    } catch (e) {
      this._mode = FINISHED;
      throw e;
    }
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    if (this._mode === FINISHED) throw error;
    const gen = this._gen ?? this._begin();
    try {
      const r = gen.throw(error);
      if (r.done === true) this._mode = FINISHED;
      return r;
    } catch (e) {
      this._mode = FINISHED;
      throw e;
    }
  }

  return(value?: unknown): IteratorResult<unknown, T> {
    const gen = this._gen;
    this._mode = FINISHED;
    if (gen === null) return { done: true, value: value as T };
    return gen.return(value as T);
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const shared = this._entered === null ? this._promise : null;
    return (shared ?? this._beginAsync()).then(onFulfilled, onRejected);
  }

  /** Shows what the operation is and how far it got: `<wait() created|running|finished|awaited>`. */
  toString(): string {
    const state = this._mode === FRESH ? "created" : this._mode === FINISHED ? "finished" : this._mode === AWAITED ? "awaited" : "running";
    return `<${this._label} ${state}>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @internal The error a second entry gets. */
  _reuseError(): Error {
    return this._entered !== null ? this._entered() : reuseError(this._label);
  }

  /** @internal */
  _begin(): Coroutine<T> {
    if (this._mode !== FRESH) throw this._reuseError();
    this._mode = ITERATING;
    return (this._gen = this._start());
  }

  /** @internal */
  _beginAsync(): Promise<T> {
    let p: Promise<T>;
    if (this._mode !== FRESH) {
      p = Promise.reject(this._reuseError());
      if (this._entered !== null) return p; // keep the first run's promise
    } else {
      this._mode = AWAITED;
      try {
        p = this._startAsync !== null ? this._startAsync() : drive(this._start());
      } catch (e) {
        p = Promise.reject(e);
      }
    }
    return (this._promise = p);
  }
}
