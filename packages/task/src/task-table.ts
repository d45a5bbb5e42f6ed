// allTasks() for people: a table (`python -m asyncio ps`) and a tree of who awaits whom
// (`python -m asyncio pstree`), built from the same "awaited by" index as the call graph.
import { _checkLoop, _isEventLoop, getRunningLoop, type EventLoop, type FutureLike } from "@aio/core";
import { _awaiterIndex, _formatFrame, _objectId, _suspendedStack } from "./call-graph.js";
import { runningTask } from "./current.js";
import { pendingList } from "./registry.js";
import type { FrameCallGraphEntry } from "./stack-frames.js";
import { Task } from "./task.js";

type Index = Map<FutureLike<unknown>, Task<unknown>[]>;

function tasksOf(fn: string, loop: EventLoop | null | undefined): { tasks: Task<unknown>[]; index: Index } {
  if (loop != null && !_isEventLoop(loop)) _checkLoop(fn, "loop", loop);
  const l = loop ?? getRunningLoop();
  const tasks = [...pendingList(l)];
  const index: Index = tasks.length > 0 ? _awaiterIndex(tasks[0]!) : new Map();
  return { tasks, index };
}

/** What a task is doing, in one word. */
function stateOf(task: Task<unknown>, running: Task<unknown> | null): string {
  if (task === running) return "running";
  if (task._numCancelsRequested > 0) return "cancelling";
  if (task._futWaiter !== null) return "waiting";
  // An async function that awaits nothing of ours: a foreign promise, or a sleep(0).
  return task._mode >= 2 ? "suspended" : "ready";
}

function coroutineOf(task: Task<unknown>): string {
  const e = _suspendedStack(task).at(-1);
  // Stryker disable next-line StringLiteral: a pending task is never done, so its stack is never empty
  if (e === undefined) return "-";
  // A suspended task's frames are coroutines (generator or async), never plain functions.
  return `${e.kind} ${e.name === "" ? "<anonymous>" : e.name}`;
}

/** A short place: `file.ts:12` for a known frame (the file's last path segment). */
function place(e: FrameCallGraphEntry): string {
  if (e.fileName === null) return _formatFrame(e);
  const file = e.fileName.slice(Math.max(e.fileName.lastIndexOf("/"), e.fileName.lastIndexOf("\\")) + 1);
  return `${e.name === "" ? "<anonymous>" : e.name} (${file}${e.lineNumber === null ? "" : `:${e.lineNumber}`})`;
}

function describeAwaited(f: FutureLike<unknown>): string {
  return f instanceof Task ? `Task ${quoteName(f.getName())}` : String(f);
}

function quoteName(name: string): string {
  return `'${name}'`;
}

// Frames inside the @aio packages themselves (sources in a checkout, or an installed dist).
const OWN_FRAME = /[\\/](?:packages[\\/][a-z-]+[\\/](?:src|dist)|node_modules[\\/]@aio[\\/][a-z-]+)[\\/]/;

/** Where a task is: its innermost known frame outside \@aio in debug mode, and what it awaits. */
function locationOf(task: Task<unknown>, running: Task<unknown> | null): string {
  if (task === running) return "(running now)";
  const stack = _suspendedStack(task);
  const awaiting = task._futWaiter !== null ? `awaiting ${describeAwaited(task._futWaiter)}` : "";
  const inner = stack.find((e) => e.fileName !== null && !OWN_FRAME.test(e.fileName)) ?? stack[0];
  // Stryker disable next-line ConditionalExpression,StringLiteral: a pending task's stack is never empty, and a frame with a file comes from an await site, recorded only while the task awaits a future
  if (inner !== undefined && inner.fileName !== null) return awaiting === "" ? place(inner) : `${place(inner)}: ${awaiting}`;
  return awaiting === "" ? "-" : awaiting;
}

/**
 * The pending tasks of `loop` (default: the running loop) as a table, one row per task in creation
 * order (`python -m asyncio ps`, for this process): id, name, state, the tasks awaiting it,
 * its coroutine, and where it is.
 *
 * @remarks
 * State is `running` (the task calling this), `waiting` (on an \@aio future or task), `ready`
 * (scheduled to run), `suspended` (an async function awaiting something that is not an \@aio
 * awaitable) or `cancelling` (cancellation requested, not landed yet). "Location" is the innermost
 * `yield*` frame of a generator task in debug mode, followed by what the task awaits. See
 * `captureCallGraph` for what "awaited by" covers.
 * @throws Error `"no running event loop"` when `loop` is omitted (or null) and no loop is running.
 * @throws TypeError if `loop` is neither an event loop nor null/undefined.
 * @example
 * ```ts
 * await run(async () => {
 *   createTask(async () => { await sleep(1); }, { name: "sleeper" });
 *   await sleep(0);
 *   console.log(formatTaskTable());
 * });
 * ```
 * @public
 */
export function formatTaskTable(loop?: EventLoop | null): string {
  const { tasks, index } = tasksOf("formatTaskTable", loop);
  const running = runningTask();
  const rows = [["id", "name", "state", "awaited by", "coroutine", "location"]];
  for (const t of tasks) {
    const by = (index.get(t) ?? []).map((p) => p.getName()).join(", ");
    rows.push([_objectId(t), t.getName(), stateOf(t, running), by === "" ? "-" : by, coroutineOf(t), locationOf(t, running)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd()).join("\n");
}

/**
 * The pending tasks of `loop` (default: the running loop) as a tree of who awaits whom
 * (`python -m asyncio pstree`, for this process): each task not awaited by another is a root,
 * and under each task are the tasks it awaits (directly, through `gather`, `shield`, a TaskGroup
 * block, ...). A task awaited by several tasks appears under each; a cycle of awaits (a deadlock)
 * is marked `(cycle)`.
 * @throws Error `"no running event loop"` when `loop` is omitted (or null) and no loop is running.
 * @throws TypeError if `loop` is neither an event loop nor null/undefined.
 * @example
 * ```ts
 * await run(async function main() {
 *   const nap = (name: string) => createTask(async function nap() { await sleep(1); }, { name });
 *   createTask(async function show() {
 *     await sleep(0.5);
 *     console.log(formatTaskTree());
 *   }, { name: "show" });
 *   await gather([nap("a"), nap("b")]);
 * });
 * // ├── (T) Task-1  async main
 * // │   ├── (T) a  async nap
 * // │   └── (T) b  async nap
 * // └── (T) show  async show  [running]
 * ```
 * @public
 */
export function formatTaskTree(loop?: EventLoop | null): string {
  const { tasks, index } = tasksOf("formatTaskTree", loop);
  const awaits = new Map<Task<unknown>, Task<unknown>[]>();
  for (const [fut, parents] of index) {
    if (!(fut instanceof Task) || fut.done()) continue;
    for (const p of parents) {
      const list = awaits.get(p);
      // Each (awaiter, future) pair occurs once: the index lists an awaiter once per future.
      if (list === undefined) awaits.set(p, [fut as Task<unknown>]);
      else list.push(fut as Task<unknown>);
    }
  }
  const running = runningTask();
  const lines: string[] = [];
  const label = (t: Task<unknown>): string => {
    const state = stateOf(t, running);
    return `(T) ${t.getName()}  ${coroutineOf(t)}${state === "waiting" ? "" : `  [${state}]`}`;
  };
  const walk = (t: Task<unknown>, prefix: string, last: boolean, path: Set<Task<unknown>>): void => {
    const cycle = path.has(t);
    lines.push(`${prefix}${last ? "└── " : "├── "}${label(t)}${cycle ? "  (cycle)" : ""}`);
    if (cycle) return;
    path.add(t);
    const children = awaits.get(t) ?? [];
    children.forEach((c, i) => walk(c, prefix + (last ? "    " : "│   "), i === children.length - 1, path));
    path.delete(t);
  };
  const roots = tasks.filter((t) => !(index.get(t) ?? []).length);
  // Tasks that only await each other in a ring have no root: start from the oldest of them.
  const shown = new Set<Task<unknown>>();
  const mark = (t: Task<unknown>): void => {
    if (shown.has(t)) return;
    shown.add(t);
    for (const c of awaits.get(t) ?? []) mark(c);
  };
  roots.forEach(mark);
  for (const t of tasks) if (!shown.has(t)) {
    roots.push(t);
    mark(t);
  }
  roots.forEach((t, i) => walk(t, "", i === roots.length - 1, new Set()));
  return lines.join("\n");
}
