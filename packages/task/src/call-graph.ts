// The task call graph (CPython 3.14's asyncio.graph): for a future or task, where it waits (its
// call stack, as far as JavaScript can know it) and who awaits it, recursively.
import { _checkOptions, _describe as describe, _getRunningLoop, isFuture, type FutureLike } from "@aio/core";
import { awaitedGroups, awaitedThrough } from "./await-links.js";
import { awaitSites } from "./await-site.js";
import { runningTask } from "./current.js";
import { pendingList } from "./registry.js";
import {
  generatorFrames,
  readFrames,
  runningAsyncFrames,
  runningGeneratorFrames,
  type FrameCallGraphEntry,
} from "./stack-frames.js";
import { Task, coroutineFunction } from "./task.js";

/**
 * The call graph of a future or task (CPython's `FutureCallGraph`).
 * @public
 */
export interface FutureCallGraph {
  /** The future or task the graph is about. */
  readonly future: FutureLike<unknown>;
  /**
   * Where it waits, innermost frame first; empty for a plain future. See {@link captureCallGraph}
   * for what JavaScript can know.
   */
  readonly callStack: readonly FrameCallGraphEntry[];
  /** The graphs of the tasks that await it. */
  readonly awaitedBy: readonly FutureCallGraph[];
}

/**
 * Options for {@link captureCallGraph}, {@link formatCallGraph} and {@link printCallGraph}.
 * @public
 */
export interface CallGraphOptions {
  /**
   * For the current task: how many frames of the live stack to skip (1: start at the caller of
   * `captureCallGraph`). An integer of at least 1. @defaultValue 1
   */
  depth?: number | undefined;
  /**
   * Keep at most `|limit|` entries of each call stack: with a positive limit the outermost ones
   * (nearest to where the task started), with a negative one the innermost; 0 keeps none; null
   * keeps all. @defaultValue null
   */
  limit?: number | null | undefined;
}

/** Which tasks await which futures: derived once per capture from every pending task of a loop. */
type AwaiterIndex = Map<FutureLike<unknown>, Task<unknown>[]>;

function buildIndex(fut: FutureLike<unknown>): AwaiterIndex {
  const index: AwaiterIndex = new Map();
  for (const task of pendingList(fut.getLoop())) {
    const seen = new Set<FutureLike<unknown>>();
    const visit = (f: FutureLike<unknown>): void => {
      if (seen.has(f) || f === (task as unknown)) return;
      seen.add(f);
      const list = index.get(f);
      if (list === undefined) index.set(f, [task]);
      else list.push(task);
      const inner = awaitedThrough(f);
      if (inner !== undefined) for (const g of inner) visit(g);
    };
    if (task._futWaiter !== null) visit(task._futWaiter);
    const groups = awaitedGroups(task);
    if (groups !== undefined) for (const group of groups) for (const g of group) visit(g);
  }
  return index;
}

/** The live stack where a public function is called (deeper than Error's default of 10 frames). */
function stackHere(): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  const here = new Error();
  Error.stackTraceLimit = limit;
  return here;
}

/** How the generator function or async function of a task that runs nothing right now is named. */
function coroutineEntry(task: Task<unknown>): FrameCallGraphEntry {
  const coro = task._coro;
  const unknown = { fileName: null, lineNumber: null, columnNumber: null };
  if (typeof coro === "function") {
    const kind = coro.constructor === GeneratorFunction ? "generator" : "async";
    return { name: coro.name, kind, ...unknown };
  }
  // A generator object does not know its function: the task knows it if it called the function
  // itself; else only an await site (debug mode) names it.
  return { name: coroutineFunction(coro)?.name ?? "", kind: "generator", ...unknown };
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as unknown;

/** Where a task that is not running waits. */
function suspendedStack(task: Task<unknown>): FrameCallGraphEntry[] {
  if (task.done()) return [];
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a fast path: only a started generator task (mode 0, a generator object) ever has an await site
  if (task._mode === 0 && typeof task._coro !== "function") {
    const site = awaitSites.get(task);
    if (site !== undefined && site.fut === task._futWaiter) {
      const frames = generatorFrames(readFrames(site.error));
      if (frames.length > 0) return frames;
    }
  }
  return [coroutineEntry(task)];
}

/** The task's first step calls its function from here: async frames below it are the task's own. */
const START = /(?:^|\.)_startFunction$/;

/** Where the running task is: its live stack, minus `skip` frames of the caller's choosing. */
function runningStack(task: Task<unknown>, here: Error, depth: number): FrameCallGraphEntry[] {
  // The top frames are stackHere() and the public function: `depth` 1 starts at its caller.
  const frames = readFrames(here).slice(depth + 1);
  if (task._mode === 0) return runningGeneratorFrames(frames);
  const stack = runningAsyncFrames(frames, START);
  const fn = task._coro as () => unknown;
  if (fn.name !== "" && !stack.some((e) => e.name === fn.name)) stack.push(coroutineEntry(task));
  return stack;
}

function trim(stack: FrameCallGraphEntry[], limit: number | null): FrameCallGraphEntry[] {
  if (limit === null) return stack;
  // 0 keeps none: slice(0, -0) is empty.
  return limit > 0 ? stack.slice(-limit) : stack.slice(0, -limit);
}

function build(
  fut: FutureLike<unknown>,
  index: AwaiterIndex,
  limit: number | null,
  path: Set<FutureLike<unknown>>,
  stackOf: (f: FutureLike<unknown>) => FrameCallGraphEntry[],
): FutureCallGraph {
  path.add(fut);
  const awaitedBy: FutureCallGraph[] = [];
  // A cycle of awaits (a deadlock) is shown once: a task already on the path is not entered again.
  for (const parent of index.get(fut) ?? []) if (!path.has(parent)) awaitedBy.push(build(parent, index, limit, path, stackOf));
  path.delete(fut);
  return { future: fut, callStack: trim(stackOf(fut), limit), awaitedBy };
}

function checkOptions(fn: string, options: CallGraphOptions | undefined): { depth: number; limit: number | null } {
  if (options === undefined) return { depth: 1, limit: null };
  _checkOptions(fn, "{ depth?, limit? }", options);
  const depth = options.depth ?? 1;
  if (typeof depth !== "number") throw new TypeError(`${fn}(future, options): options.depth must be an integer >= 1, got ${describe(depth)}`);
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`${fn}(future, options): options.depth must be an integer >= 1, got ${depth}`);
  const limit = options.limit ?? null;
  if (limit !== null && typeof limit !== "number") {
    throw new TypeError(`${fn}(future, options): options.limit must be an integer or null, got ${describe(limit)}`);
  }
  if (limit !== null && !Number.isInteger(limit)) throw new RangeError(`${fn}(future, options): options.limit must be an integer or null, got ${limit}`);
  return { depth, limit };
}

/** The capture behind the three public functions; `here` was made by the public entry point. */
function capture(fn: string, future: FutureLike<unknown> | null | undefined, options: CallGraphOptions | undefined, here: Error): FutureCallGraph | null {
  const { depth, limit } = checkOptions(fn, options);
  if (future != null && !isFuture(future)) throw new TypeError(`${fn}(future): expected a future or task, got ${describe(future)}`);
  const loop = _getRunningLoop();
  let target: FutureLike<unknown> | null | undefined = future;
  if (target == null) {
    if (loop === null) throw new Error(`${fn}(): no running event loop, and no future to introspect was given`);
    target = runningTask();
    if (target === null || target.getLoop() !== loop) return null;
  }
  const running = loop !== null ? runningTask() : null;
  const live = running === target ? running : null; // target is a future: never null
  const stackOf = (f: FutureLike<unknown>): FrameCallGraphEntry[] => {
    if (f === live) return runningStack(live, here, depth);
    return f instanceof Task ? suspendedStack(f as Task<unknown>) : [];
  };
  return build(target, buildIndex(target), limit, new Set(), stackOf);
}

/**
 * Captures the call graph of `future` (default: the current task): where it waits and, recursively,
 * the tasks that await it (`asyncio.capture_call_graph`).
 *
 * @remarks
 * "Awaited by" covers a task awaiting a future or task directly (`yield*` or `await`), through
 * `gather` (the children), `shield` (the shielded future), `waitFor` and `timeout` (which await in
 * the caller's task), and a TaskGroup (its children are awaited by the task running the block).
 * It is derived when the graph is captured, from what each pending task of the loop awaits now, so
 * awaiting costs nothing extra.
 *
 * The call stack is as much as JavaScript can know, innermost frame first:
 * - for the current task (no `future`, or the current task passed in): the live stack, from the
 *   caller of this function down to where the task's coroutine started — every `yield*` level of
 *   a generator task, and for an async function the functions awaiting it through native promises;
 * - for a suspended generator task in debug mode (`run(main, { debug: true })`): every `yield*`
 *   level down to the await it is suspended at (the stack is recorded at each await);
 * - otherwise one entry naming the coroutine function (a generator object passed to `createTask`
 *   has no name JavaScript can read, so it shows as `generator <anonymous>()` outside debug
 *   mode). A suspended async function's frames cannot be seen at all.
 * @param future - the future or task (default: the current task).
 * @returns null when `future` is omitted and no task is running.
 * @throws TypeError if `future` is not a future or task, or an option has the wrong type.
 * @throws RangeError if `options.depth` is not an integer of at least 1, or `options.limit` is not an integer.
 * @throws Error when `future` is omitted and no loop is running.
 * @example
 * ```ts
 * await run(async () => {
 *   const child = createTask(async () => { await sleep(1); }, { name: "child" });
 *   await sleep(0);
 *   const graph = captureCallGraph(child)!;
 *   console.log(graph.awaitedBy.length); // 0: nobody awaits it yet
 * });
 * ```
 * @public
 */
export function captureCallGraph(future?: FutureLike<unknown> | null, options?: CallGraphOptions): FutureCallGraph | null {
  return capture("captureCallGraph", future, options, stackHere());
}

/**
 * The call graph of `future` (default: the current task) as text, in CPython's layout
 * (`asyncio.format_call_graph`); "" when `future` is omitted and no task is running.
 *
 * @remarks
 * ```text
 * * Task(name='worker', id=0x2)
 *   + Call stack:
 *   |   File '/app/main.ts', line 12, in generator work()
 *   + Awaited by:
 *       * Task(name='main', id=0x1)
 *           + Call stack:
 *           |   in async main()
 * ```
 * Each level of "Awaited by" is indented four more spaces. Ids are small numbers given to each
 * future and task the first time a graph or table shows it, counted per loop (JavaScript has no
 * addresses).
 * See {@link captureCallGraph} for what the call stack can show.
 * @throws the errors of {@link captureCallGraph}.
 * @public
 */
export function formatCallGraph(future?: FutureLike<unknown> | null, options?: CallGraphOptions): string {
  const graph = capture("formatCallGraph", future, options, stackHere());
  if (graph === null) return "";
  const lines: string[] = [];
  renderLevel(graph, lines, 0);
  return lines.join("\n");
}

/**
 * Prints {@link formatCallGraph}`(future, options)` with `console.log` (`asyncio.print_call_graph`).
 * @throws the errors of {@link captureCallGraph}.
 * @public
 */
export function printCallGraph(future?: FutureLike<unknown> | null, options?: CallGraphOptions): void {
  const graph = capture("printCallGraph", future, options, stackHere());
  const lines: string[] = [];
  if (graph !== null) renderLevel(graph, lines, 0);
  console.log(lines.join("\n"));
}

function renderLevel(graph: FutureCallGraph, lines: string[], level: number): void {
  const pad = "    ".repeat(level);
  const f = graph.future;
  lines.push(pad + (f instanceof Task ? `* Task(name=${quote(f.getName())}, id=${_objectId(f)})` : `* Future(id=${_objectId(f)})`));
  if (graph.callStack.length > 0) {
    lines.push(`${pad}  + Call stack:`);
    for (const e of graph.callStack) lines.push(`${pad}  |   ${_formatFrame(e)}`);
  }
  if (graph.awaitedBy.length > 0) {
    lines.push(`${pad}  + Awaited by:`);
    for (const parent of graph.awaitedBy) renderLevel(parent, lines, level + 1);
  }
}

/** Python's repr of a string, for names: single quotes unless the name holds one. */
function quote(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** @internal One call-stack line: `File '<file>', line <n>, in <kind> <name>()`. */
export function _formatFrame(e: FrameCallGraphEntry): string {
  const tag = e.kind === "function" ? "" : `${e.kind} `;
  const name = e.name === "" ? "<anonymous>" : e.name;
  if (e.fileName === null) return `in ${tag}${name}()`;
  const line = e.lineNumber === null ? "" : `, line ${e.lineNumber}`;
  return `File ${quote(e.fileName)}${line}, in ${tag}${name}()`;
}

const ids = new WeakMap<object, number>();
const lastId = new WeakMap<object, number>();

/**
 * @internal A small, stable id for a future or task: `0x1`, `0x2`, ... in the order each loop first
 * shows its futures (so a program prints the same ids on every run).
 */
export function _objectId(x: FutureLike<unknown>): string {
  let id = ids.get(x);
  if (id === undefined) {
    const loop = x.getLoop();
    id = (lastId.get(loop) ?? 0) + 1;
    lastId.set(loop, id);
    ids.set(x, id);
  }
  return `0x${id.toString(16)}`;
}

/** @internal For the task table: which tasks await each future, now. */
export function _awaiterIndex(fut: FutureLike<unknown>): Map<FutureLike<unknown>, Task<unknown>[]> {
  return buildIndex(fut);
}

/** @internal For the task table and reports: where a task that is not running waits. */
export function _suspendedStack(task: Task<unknown>): FrameCallGraphEntry[] {
  return suspendedStack(task);
}
