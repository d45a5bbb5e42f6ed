import { getRunningLoop, isCoroutine, isFuture, type Awaitable, type Coroutine, type EventLoop, type FutureLike } from "@aio/core";
import { checkSeconds, describe, toArray } from "./describe.js";
import { Operation } from "./operation.js";
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, type ReturnWhen } from "./return-when.js";

/**
 * Options for {@link wait}.
 * @public
 */
export interface WaitOptions {
  /** Return after this many seconds even if the condition is not met; null waits as long as it takes. @defaultValue null */
  timeout?: number | null | undefined;
  /** When to return. @defaultValue `ALL_COMPLETED` */
  returnWhen?: ReturnWhen | undefined;
}

function releaseWaiter(waiter: FutureLike<unknown>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

function* waitUntil<F extends FutureLike<unknown>>(
  fs: F[],
  timeout: number | null,
  returnWhen: ReturnWhen,
): Coroutine<[done: Set<F>, pending: Set<F>]> {
  const loop: EventLoop = getRunningLoop();
  const waiter = loop.createFuture<void>();
  const timer = timeout === null ? null : loop.callLater(timeout, releaseWaiter, waiter);
  let counter = fs.length;
  const onCompletion = (f: FutureLike<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== null)
    ) {
      timer?.cancel();
      if (!waiter.done()) waiter.setResult(undefined);
    }
  };
  for (const f of fs) f.addDoneCallback(onCompletion);
  try {
    yield* waiter;
  } finally {
    timer?.cancel();
    for (const f of fs) f.removeDoneCallback(onCompletion);
  }
  // The split is made now, so `done` holds everything finished by the time we resumed.
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const f of fs) (f.done() ? done : pending).add(f);
  return [done, pending];
}

/**
 * Waits for futures and tasks until a condition is met, and returns which are done and which are
 * still pending (`asyncio.wait`).
 *
 * @remarks
 * `returnWhen` is {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION} (the first that fails; when
 * none fails, all) or {@link ALL_COMPLETED} (the default). The sets are computed when `wait`
 * resumes, so `done` can hold more than the one that triggered the return. A duplicate element is
 * counted once. `wait` never throws on timeout: it returns with the unfinished ones in `pending`.
 * It does not read results; use `result()` on the futures in `done`.
 *
 * Only futures and tasks are accepted. Coroutines are refused: a coroutine has no state to wait
 * on until something runs it, so wrap each one in a task with `createTask()` first, and keep the
 * tasks to look them up in the returned sets.
 *
 * Like every coroutine, nothing happens until the returned awaitable is awaited.
 *
 * Cancellation: `wait` is an await point. Cancelling the task that waits stops the wait with
 * `CancelledError`; the awaited futures and tasks are **not** cancelled.
 * @param aws - the futures and tasks (an array or other iterable; must not be empty).
 * @returns `[done, pending]`, two `Set`s.
 * @throws TypeError if `aws` is a single future or coroutine instead of a collection, or holds a
 * coroutine or anything else that is not a future or task.
 * @throws RangeError if `aws` is empty, `returnWhen` is not one of the three constants, or `timeout` is NaN.
 * @example
 * ```ts
 * await run(function* () {
 *   const tasks = urls.map((u) => createTask(() => download(u)));
 *   const [done, pending] = yield* wait(tasks, { timeout: 5, returnWhen: FIRST_COMPLETED });
 *   for (const t of pending) t.cancel();
 * });
 * ```
 * @public
 */
export function wait<F extends FutureLike<unknown>>(
  aws: Iterable<F>,
  options: WaitOptions = {},
): Awaitable<[done: Set<F>, pending: Set<F>]> {
  const items = toArray("wait", "aws", aws);
  if (options === null || typeof options !== "object") {
    throw new TypeError(`wait(aws, options): expected { timeout?, returnWhen? }, got ${describe(options)}`);
  }
  const { timeout = null, returnWhen = ALL_COMPLETED } = options;
  if (items.length === 0) throw new RangeError("wait(aws): expected at least one future or task, got an empty collection");
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new RangeError(
      `wait(aws, { returnWhen }): expected FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${describe(returnWhen)}`,
    );
  }
  checkSeconds("wait", "timeout", timeout, true);
  const fs = [...new Set(items)];
  for (const f of fs) {
    if (isCoroutine(f) || typeof f === "function") {
      throw new TypeError(
        `wait(aws): passing coroutines is forbidden, wrap each one in a task with createTask() first (got ${describe(f)})`,
      );
    }
    if (!isFuture(f)) throw new TypeError(`wait(aws): expected futures or tasks, got ${describe(f)}`);
  }
  return new Operation("wait()", () => waitUntil(fs, timeout ?? null, returnWhen));
}
