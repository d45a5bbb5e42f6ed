// Debug mode: a task that was cancelled but does not reach a cancellation point in time is
// reported. A cancellation lands only at an @aio await (a future, a task, sleep, a lock, ...): an
// async function awaiting a foreign promise (fetch, fs.promises, a plain Promise) cannot be
// interrupted there, and a timeout() or TaskGroup that cancels it then waits for as long as that
// promise takes, possibly for ever. CPython has no such case (everything it awaits is a future).
//
// Nothing here runs unless the loop is in debug mode: Task.cancel() calls watchSlowCancel() only
// then, so a task pays nothing, and the task's steps are not touched at all. The check is one loop
// timer per cancelled task, `loop.slowCancelDuration` seconds of loop time after the first cancel().
//
// The report is built by slowCancelReport(), on its own so that it can grow (a call graph, say)
// without touching the watch. JavaScript cannot show where a suspended async function is: `then()`
// of an awaited future is called from a microtask job, not from the function's frame. The report
// says what the task waits on, and where the task was created (recorded in debug mode only).
import type { EventLoop, ExceptionContext, FutureLike, TimerHandle } from "@aio/core";
import type { Task } from "./task.js";
import { formatCallGraph } from "./call-graph.js";

/** What the check needs to remember about one cancelled task. */
interface Watch {
  /** The timer of the check (cancelled if the task finishes first). */
  timer: TimerHandle;
  /** Loop time of the cancel() that started the watch. */
  since: number;
  /** What the task waited on when it was cancelled (null: nothing, or something foreign). */
  waiter: FutureLike<unknown> | null;
}

/**
 * @internal Tasks cancelled in debug mode whose check is still due. Strong references, but each
 * entry leaves when its timer fires or its task finishes (see unwatchSlowCancel).
 */
export const slowCancelWatches = new Map<Task<unknown>, Watch>();

/**
 * @internal Debug mode only: where each task was created (an Error whose stack shows the
 * `createTask` call), for the report, as CPython's debug mode keeps a task's `source_traceback`.
 */
export const creationSite = new WeakMap<Task<unknown>, Error>();

/** The loop's `slowCancelDuration` (seconds), 1 on a loop that does not have one. */
function durationOf(loop: EventLoop): number {
  const d = (loop as { slowCancelDuration?: unknown }).slowCancelDuration;
  return typeof d === "number" ? d : 1;
}

/**
 * @internal Called by `Task.cancel()` in debug mode once the request is counted: check in
 * `loop.slowCancelDuration` seconds that the cancellation was delivered. One check per task at a
 * time (a second cancel() while one is due adds nothing).
 */
export function watchSlowCancel(task: Task<unknown>): void {
  const loop = task._loop;
  if (slowCancelWatches.has(task) || loop.isClosed()) return;
  const duration = durationOf(loop);
  // NaN, negative or infinite: the check is switched off.
  if (!(duration >= 0) || duration === Infinity) return;
  const since = loop.time();
  const timer = loop.callLater(duration, checkSlowCancel, task);
  slowCancelWatches.set(task, { timer, since, waiter: task._futWaiter });
}

/** @internal The task finished: its check has nothing to say. */
export function unwatchSlowCancel(task: Task<unknown>): void {
  const watch = slowCancelWatches.get(task);
  if (watch === undefined) return;
  slowCancelWatches.delete(task);
  watch.timer.cancel();
}

/**
 * Whether the cancellation has still not landed: a request is pending (not withdrawn with
 * `uncancel()`), and either it is marked for the task's next step (no step came: the task awaits
 * something foreign, or a future whose `cancel()` refused) or the task still waits on the future it
 * waited on when cancelled (whose cancellation never resumed it).
 */
function stuck(task: Task<unknown>, watch: Watch): boolean {
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: a task that finished was unwatched (its timer cancelled), so its check never runs
  if (task._state !== 0) return false;
  if (task._numCancelsRequested === 0) return false;
  return task._mustCancel || (watch.waiter !== null && task._futWaiter === watch.waiter);
}

function checkSlowCancel(task: Task<unknown>): void {
  const watch = slowCancelWatches.get(task);
  if (watch === undefined) return;
  slowCancelWatches.delete(task);
  const loop = task._loop;
  if (loop.isClosed() || !stuck(task, watch)) return;
  loop.callExceptionHandler(slowCancelReport(task, loop.time() - watch.since));
}

/**
 * @internal The report for a task cancelled `elapsed` seconds ago that has not reached a
 * cancellation point: the message, the task, what it waits on (`waiting_on`) and, when the task was
 * created in debug mode, where (`source_traceback`, the stack of the `createTask` call).
 */
export function slowCancelReport(task: Task<unknown>, elapsed: number): ExceptionContext {
  const waiter = task._futWaiter;
  const isAsync = task._mode >= 2;
  let where: string;
  if (waiter !== null && !waiter.done()) {
    where = `awaiting ${String(waiter)}, whose cancel() did not take`;
  } else if (isAsync) {
    where =
      "awaiting something that is not an @aio awaitable (a foreign promise): a cancellation lands " +
      "only at an @aio await. Pass currentTask().signal to the foreign API, or wrap it: " +
      "fromPromise(signal => fetch(url, { signal }))";
  } else {
    where = "not resumed since it was cancelled";
  }
  const name = task.getName();
  const context: ExceptionContext = {
    message: `Task ${name} was cancelled ${elapsed.toFixed(3)} s ago and has not reached a cancellation point`,
    task,
    waiting_on: where,
  };
  const site = creationSite.get(task);
  if (site !== undefined) context.source_traceback = userFrames(site);
  // Where it waits (every yield* level of a generator task: debug mode records them) and which
  // tasks wait for it, as formatCallGraph() shows them.
  context.call_graph = formatCallGraph(task);
  return context;
}

// Frames inside the @aio packages themselves (sources in a checkout, or an installed dist).
const OWN_FRAME = /[\\/](?:packages[\\/][a-z-]+[\\/](?:src|dist)|node_modules[\\/]@aio[\\/][a-z-]+)[\\/]/;

// This package's own folder wherever it was copied or bundled from (a stack names it as a path or a
// file: URL), so its frames are recognised even outside the layouts OWN_FRAME knows.
const HERE = import.meta.url.slice(0, import.meta.url.lastIndexOf("/") + 1);
const HERE_PATH = HERE.startsWith("file://") ? decodeURIComponent(HERE.slice("file://".length)) : null;

function isOwnFrame(line: string): boolean {
  return OWN_FRAME.test(line) || line.includes(HERE) || (HERE_PATH !== null && line.includes(HERE_PATH));
}

/** The stack lines of `site`, without those inside \@aio's own packages (all of them if none is left). */
function userFrames(site: Error): string {
  // Stryker disable next-line StringLiteral: any one-line text gives the same lines, as slice(1) drops it
  const lines = (site.stack ?? "").split("\n").slice(1).map((l) => l.trim());
  const user = lines.filter((l) => !isOwnFrame(l));
  return (user.length > 0 ? user : lines).join("\n    ");
}
