import {
  CancelledError,
  TimeoutError,
  getRunningLoop,
  type Awaitable,
  type Coroutine,
  type EventLoop,
  type TaskLike,
  type Handle,
} from "@aio/core";
import { checkBody, requireTask, runBody, runBodyAsync } from "./body.js";
import { checkSeconds } from "./describe.js";
import { Operation } from "./operation.js";
import type { Body } from "./types.js";

/**
 * The deadline of a {@link timeout} or {@link timeoutAt} block (`asyncio.Timeout`), handed to the
 * block's body.
 *
 * @remarks
 * States: created → active (the body runs) → expiring (the deadline passed and the task was
 * cancelled) → expired, or active → finished when the body ends before the deadline.
 * @public
 */
export class Timeout {
  /** @internal created, active, expiring (the deadline fired), expired or finished. */
  _state: "created" | "active" | "expiring" | "expired" | "finished" = "created";
  /** @internal The deadline (loop time) or null. */
  _when: number | null;
  /** @internal The armed deadline callback. */
  _handle: Handle | null = null;
  /** @internal The task running the block. */
  _task: TaskLike<unknown> | null = null;
  /** @internal The loop of that task. */
  _loop: EventLoop | null = null;
  /** @internal The task's `cancelling()` when the block was entered. */
  _cancelling = 0;

  /**
   * @internal Use `timeout()` or `timeoutAt()`.
   * @throws TypeError if `when` is neither a number nor null/undefined; RangeError if it is NaN.
   */
  constructor(when: number | null) {
    checkSeconds("Timeout", "when", when, true);
    this._when = when ?? null;
  }

  /** The deadline in loop time (seconds, as `loop.time()` counts), or null for none. */
  when(): number | null {
    return this._when;
  }

  /**
   * Moves the deadline to loop time `when`; null (or undefined) removes it. A deadline that has
   * already passed fires on the next loop iteration.
   * @throws Error if the block is not running: `"Timeout has not been entered"`, or
   * `"Cannot change state of expiring|expired|finished Timeout"`.
   * @throws TypeError if `when` is neither a number nor null; RangeError if it is NaN.
   */
  reschedule(when: number | null | undefined): void {
    if (this._state !== "active") {
      if (this._state === "created") throw new Error("Timeout has not been entered");
      throw new Error(`Cannot change state of ${this._state} Timeout`);
    }
    checkSeconds("Timeout.reschedule", "when", when, true);
    this._schedule(when ?? null);
  }

  /** True once the deadline has passed while the block was running (also after it ended). */
  expired(): boolean {
    return this._state === "expiring" || this._state === "expired";
  }

  /** Shows the state and, while active, the deadline: `<Timeout [active] when=12.5>`. */
  toString(): string {
    const when = this._state === "active" ? ` when=${this._when === null ? "null" : Math.round(this._when * 1000) / 1000}` : "";
    return `<Timeout [${this._state}]${when}>`;
  }

  /** @internal Node's util.inspect shows the same as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @internal Arms (or disarms) the deadline callback for `when`. */
  _schedule(when: number | null): void {
    const loop = this._loop!;
    this._when = when;
    this._handle?.cancel();
    if (when === null) this._handle = null;
    else if (when <= loop.time()) this._handle = loop.callSoon(onTimeout, this);
    else this._handle = loop.callAt(when, onTimeout, this);
  }

  /** @internal `__aenter__`: remember the task and its cancel count, arm the deadline. */
  _enter(loop: EventLoop): void {
    if (this._state !== "created") throw new Error("Timeout has already been entered");
    const task = requireTask(loop, "Timeout");
    this._loop = loop;
    this._state = "active";
    this._task = task;
    this._cancelling = task.cancelling();
    this._schedule(this._when);
  }

  /**
   * @internal `__aexit__`: disarm; if the deadline fired, withdraw its cancel request and, when no
   * other request is left and the body ended with a `CancelledError`, turn it into `TimeoutError`.
   * @returns the error the block ends with (when `failed`).
   */
  _exit(failed: boolean, error: unknown): unknown {
    this._handle?.cancel();
    this._handle = null;
    if (this._state === "expiring") {
      this._state = "expired";
      if (this._task!.uncancel() <= this._cancelling && failed && error instanceof CancelledError) {
        return new TimeoutError("the deadline passed", { cause: error });
      }
    } else if (this._state === "active") this._state = "finished";
    return error;
  }
}

function onTimeout(t: Timeout): void {
  t._task!.cancel();
  t._state = "expiring";
  t._handle = null;
}

function* timeoutBlock<R>(t: Timeout, loop: EventLoop, body: Body<Timeout, R>): Coroutine<R> {
  t._enter(loop);
  let result: R;
  try {
    result = yield* runBody(body, t, loop);
  } catch (e) {
    throw t._exit(true, e);
  }
  t._exit(false, undefined);
  return result;
}

async function timeoutBlockAsync<R>(t: Timeout, loop: EventLoop, body: Body<Timeout, R>): Promise<R> {
  t._enter(loop);
  let result: R;
  try {
    result = await runBodyAsync(body, t);
  } catch (e) {
    throw t._exit(true, e);
  }
  t._exit(false, undefined);
  return result;
}

/** A second entry of the same block (CPython's `__aenter__` on a Timeout that is not new). */
function alreadyEntered(): Error {
  return new Error("Timeout has already been entered");
}

function block<R>(label: string, t: Timeout, body: Body<Timeout, R>): Awaitable<R> {
  checkBody(label.replace(/\(.*/, ""), body);
  return new Operation(
    label,
    () => timeoutBlock(t, getRunningLoop(), body),
    () => timeoutBlockAsync(t, getRunningLoop(), body),
    alreadyEntered,
  );
}

/**
 * Runs `body` with a deadline `delay` seconds from now (`async with asyncio.timeout(delay)`).
 *
 * @remarks
 * At the deadline the task running the block is cancelled; when that cancellation — and only that
 * one — ends the body, it comes out of the block as a `TimeoutError` (with the
 * `CancelledError` as its `cause`). `body` gets the {@link Timeout}, whose deadline it can read and
 * move. Resolves to what `body` returns.
 *
 * A generator-function body runs inline in the caller's task, exactly like the block of an
 * `async with`; an async-function body awaited with `await` runs inline in the calling
 * async-function task. Either way the body starts in the caller's step, at the `yield*` or
 * `await`. An async body under `yield*` cannot report its awaits to a generator task, so it runs
 * as a child task the caller awaits; the child's first step still runs at once, in the caller's
 * step, but `currentTask()` in the body is that child (named like the caller), and the caller
 * resumes one loop iteration after the body ends. The deadline is computed when `timeout()` is
 * called, on the running loop.
 *
 * The returned awaitable is the block: it can be entered once. Awaiting it again — after it
 * ended, or from inside its own body — throws `Error("Timeout has already been entered")`, as
 * CPython's `async with` on a used `Timeout` does.
 *
 * Cancellation: the block uses the task's cancellation counter (`cancelling()`/`uncancel()`), as
 * CPython does. The deadline's own cancel request is withdrawn on exit; if another one is pending
 * (the task was also cancelled from outside), the `CancelledError` is not converted and keeps
 * propagating. Nested timeouts work: only the one whose deadline fired converts. A body that
 * catches the `CancelledError` and returns normally makes the block return normally, with
 * `expired()` true.
 * @param delay - seconds until the deadline; null (or undefined) for none (it can be set later
 * with `reschedule`).
 * @param body - the block: `function* (t) { ... }` or `async (t) => { ... }`.
 * @throws TypeError if `delay` is not a number or null, or `body` is not a function.
 * @throws RangeError if `delay` is NaN.
 * @throws Error `"no running event loop"` outside a loop. Awaiting the block outside a task fails
 * with `Error("Timeout should be used inside a task")`; awaiting it a second time, with
 * `Error("Timeout has already been entered")`.
 * @example
 * ```ts
 * await run(function* () {
 *   try {
 *     yield* timeout(10, function* () {
 *       yield* longRunningJob();
 *     });
 *   } catch (e) {
 *     if (e instanceof TimeoutError) console.log("gave up after 10 s");
 *   }
 * });
 * ```
 * @public
 */
export function timeout<R>(delay: number | null | undefined, body: Body<Timeout, R>): Awaitable<R> {
  checkSeconds("timeout", "delay", delay, true);
  checkBody("timeout", body); // bad arguments first, then "no running event loop"
  const loop = getRunningLoop();
  return block(`timeout(${delay ?? null})`, new Timeout(delay == null ? null : loop.time() + delay), body);
}

/**
 * Runs `body` with a deadline at loop time `when` (`async with asyncio.timeout_at(when)`).
 *
 * @remarks
 * The same as {@link timeout} with an absolute deadline, in the loop's clock
 * (`getRunningLoop().time()`), not wall-clock time. A deadline in the past fires on the next loop
 * iteration. The body starts in the caller's step, and the block can be entered once, as for
 * {@link timeout}.
 *
 * Cancellation: as for {@link timeout}.
 * @param when - the deadline in loop time; null (or undefined) for none.
 * @param body - the block: `function* (t) { ... }` or `async (t) => { ... }`.
 * @throws TypeError if `when` is not a number or null, or `body` is not a function.
 * @throws RangeError if `when` is NaN.
 * @throws Error (when awaited) `"Timeout should be used inside a task"` outside a task, and
 * `"Timeout has already been entered"` the second time.
 * @example
 * ```ts
 * await run(async () => {
 *   const loop = getRunningLoop();
 *   await timeoutAt(loop.time() + 5, async (t) => {
 *     await step1();
 *     t.reschedule(t.when()! + 5); // step 2 gets five more seconds
 *     await step2();
 *   });
 * });
 * ```
 * @public
 */
export function timeoutAt<R>(when: number | null | undefined, body: Body<Timeout, R>): Awaitable<R> {
  checkSeconds("timeoutAt", "when", when, true);
  return block(`timeoutAt(${when ?? null})`, new Timeout(when ?? null), body);
}
