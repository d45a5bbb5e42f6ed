// The `async with` form: `x.use(body)` acquires, runs the body, and releases in a `finally`.
// Iterated (`yield* lock.use(function* () {...})`) it runs inline in the caller's task, as
// `async with lock:` does; awaited (`await lock.use(async () => {...})`) it runs as an async function,
// so the body's own awaits stay what a cancel() of the task reaches.
import { _describe as describe, getRunningLoop, isCoroutine, type Awaitable, type Coroutine } from "@aio/core";
import { wrapPromise } from "@aio/future";
import { _drive as drive } from "@aio/task";

/**
 * The body given to `use()`: a generator function or an async function (a plain function works too).
 * @public
 */
export type UseBody<R> = () => Coroutine<R> | PromiseLike<R>;

/** @internal What `use()` needs from a primitive. */
export interface AcquireRelease {
  acquire(): Awaitable<unknown>;
  release(): void;
}

/** @internal Checks `body` now, so a bad argument fails before anything is acquired. */
export function useOperation<R>(prim: AcquireRelease, body: UseBody<R>, where: string): Awaitable<R> {
  if (typeof body !== "function") {
    throw new TypeError(`${where}(body): expected a generator function or async function, got ${describe(body)}`);
  }
  return new UseOperation(prim, body);
}

// Iterable and thenable as the file header says; it is also a full generator-like object (next,
// throw, return), so `createTask(lock.use(function* () {...}))` runs it as a generator coroutine.
class UseOperation<R> implements Awaitable<R>, Iterator<unknown, R, unknown> {
  #promise: Promise<R> | null = null;
  #gen: Coroutine<R> | null = null;
  readonly #prim: AcquireRelease;
  readonly #body: UseBody<R>;

  constructor(prim: AcquireRelease, body: UseBody<R>) {
    this.#prim = prim;
    this.#body = body;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(value?: unknown): IteratorResult<unknown, R> {
    return (this.#gen ??= useInline(this.#prim, this.#body)).next(value);
  }

  throw(error: unknown): IteratorResult<unknown, R> {
    return (this.#gen ??= useInline(this.#prim, this.#body)).throw(error);
  }

  return(value: R): IteratorResult<unknown, R> {
    return (this.#gen ??= useInline(this.#prim, this.#body)).return(value);
  }

  then<R1 = R, R2 = never>(
    onFulfilled?: ((value: R) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return (this.#promise ??= useAsync(this.#prim, this.#body)).then(onFulfilled, onRejected);
  }
}

function* useInline<R>(prim: AcquireRelease, body: UseBody<R>): Coroutine<R> {
  yield* prim.acquire();
  let out: Coroutine<R> | PromiseLike<R>;
  try {
    out = body();
  } catch (e) {
    prim.release();
    throw e;
  }
  if (isCoroutine(out)) {
    try {
      return yield* out;
    } finally {
      prim.release();
    }
  }
  if (isThenable(out)) {
    // A generator task cannot interrupt an async body: the body keeps the primitive until it
    // settles, even if this task is cancelled meanwhile (the cancellation still reaches this task).
    const settled = Promise.resolve(out).finally(() => prim.release());
    return yield* wrapPromise(settled, { loop: getRunningLoop() });
  }
  prim.release();
  return out as R;
}

async function useAsync<R>(prim: AcquireRelease, body: UseBody<R>): Promise<R> {
  await prim.acquire();
  try {
    const out = body();
    return isCoroutine(out) ? await drive(out) : await out;
  } finally {
    prim.release();
  }
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as PromiseLike<unknown>).then === "function";
}
