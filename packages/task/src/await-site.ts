// Where a suspended generator task waits, in debug mode. Once a generator has yielded, JavaScript
// cannot see its frames (there is no `cr_frame`/`cr_await` to walk as CPython's call graph does).
// They are on the stack for exactly one moment: when `yield* future` suspends, the future's
// iterator runs inside every delegating generator. @aio/future calls a hook there; while a loop in
// debug mode has made tasks, this module installs it and keeps the stack of each generator task's
// latest await. Outside debug mode the hook is unset and costs one null check per suspension.
import type { FutureLike } from "@aio/core";
import { _setAwaitSiteHook } from "@aio/future";
import { current } from "./current.js";
import type { Task } from "./task.js";

/** One await of a generator task: the future it suspended on, and the stack at that moment. */
export interface AwaitSite {
  fut: FutureLike<unknown>;
  error: Error;
}

/** @internal The latest await site of each generator task (debug mode only). */
export const awaitSites = new WeakMap<Task<unknown>, AwaitSite>();

let installed = false;

/** @internal Debug mode: start recording where generator tasks suspend (once per process). */
export function recordAwaitSites(): void {
  // Stryker disable next-line ConditionalExpression: installing the same hook again changes nothing
  if (installed) return;
  // Stryker disable next-line BooleanLiteral: installing the same hook again changes nothing
  installed = true;
  _setAwaitSiteHook(recordSite);
}

function recordSite(fut: FutureLike<unknown>): void {
  const task = current.stepping;
  if (task === null || !task._loop.getDebug()) return;
  // Generator tasks only: an async function's frames are not on the stack of a `then()` call.
  // Stryker disable next-line ConditionalExpression: only a generator task's sites are read (call-graph.ts checks the mode too)
  if (task._mode !== 0) return;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64; // a deep chain of yield* delegations, below the two frames of this hook
  // Stryker disable next-line StringLiteral: only the stack frames below the message line are read, never the message
  const error = new Error("await site");
  Error.stackTraceLimit = limit;
  awaitSites.set(task, { fut, error });
}
