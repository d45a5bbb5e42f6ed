// Running the body of timeout(), timeoutAt() and taskGroup() — the JS spelling of an `async with`
// block — in the caller's task.
// - Generator path (`yield* timeout(1, body)`): a generator-function body runs inline, exactly as
//   the block of an `async with` does. Any other body (an async function) cannot run inline in a
//   generator task — its awaits would not reach the task — so it runs as a child task that the
//   caller awaits: cancelling the caller cancels the child, and the child's outcome is the body's.
//   The child starts eagerly, inside the caller's step, so the body has started (and is at its
//   first await) before anything else runs, as the inline block would be: a cancel that comes
//   right after finds it there, not unstarted.
// - Async path (`await timeout(1, body)`): an async body is awaited inline (its awaits report to
//   the caller's task); a generator body is driven inline from the async function.
import { isCoroutine, type Coroutine, type EventLoop, type TaskLike } from "@aio/core";
import { Task, currentTask, _drive as drive } from "@aio/task";
import { describe } from "./describe.js";
import type { Body } from "./types.js";

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as Function;

/** @internal */
export function isGeneratorFunction(f: unknown): boolean {
  return typeof f === "function" && f instanceof GeneratorFunction;
}

/** @internal The body argument must be a function. */
export function checkBody(fn: string, body: unknown): void {
  if (typeof body !== "function") {
    throw new TypeError(`${fn}(body): expected a generator function or async function, got ${describe(body)}`);
  }
}

/** @internal The task the block runs in; CPython raises RuntimeError outside a task. */
export function requireTask(loop: EventLoop, what: string): TaskLike<unknown> {
  const task = currentTask(loop);
  if (task === null) throw new Error(`${what} should be used inside a task`);
  return task;
}

/**
 * @internal For a generator caller: runs async function `fn` as the child task that stands in for
 * the caller (see the file comment). Its first step runs now, in the caller's step. It is the
 * caller's stand-in, not a task of its own: it bears the caller's name (so it takes no `Task-<n>`
 * number), is not reported as destroyed while pending (the caller is), and is made without the
 * loop's task factory (CPython makes no task here, and a factory could drop `eagerStart`).
 */
export function startStandIn<T>(fn: () => PromiseLike<T>, loop: EventLoop): Task<T> {
  const task = new Task<T>(fn, { loop, eagerStart: true, name: currentTask(loop)?.getName() });
  task._logDestroyPending = false;
  return task;
}

/** @internal Runs `body(context)` from a generator coroutine (see the file comment). */
export function* runBody<C, R>(body: Body<C, R>, context: C, loop: EventLoop): Coroutine<R> {
  if (isGeneratorFunction(body)) return yield* (body(context) as Coroutine<R>);
  return yield* startStandIn(() => body(context) as PromiseLike<R>, loop);
}

/** @internal Runs `body(context)` from an async function (see the file comment). */
export async function runBodyAsync<C, R>(body: Body<C, R>, context: C): Promise<R> {
  const out = body(context);
  if (isCoroutine(out)) return drive(out as Coroutine<R>);
  return await out;
}
