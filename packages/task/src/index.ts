/**
 * `asyncio.Task` for TypeScript: coroutines (generators or async functions) with real cancellation.
 *
 * @packageDocumentation
 */
export { Task } from "./task.js";
export type { CreateTaskOptions } from "./task.js";
export { createTask, ensureFuture, eagerTaskFactory } from "./create-task.js";
export { currentTask } from "./current.js";
export { allTasks } from "./all-tasks.js";
export { _pendingTasksOf } from "./registry.js";
export type { Linked as _Linked } from "./registry.js";
export { _drive, _thenable, _asAwaitable } from "./drive.js";
export { _nextIteration } from "./next-iteration.js";
export type { Steppable } from "./drive.js";
export { captureCallGraph, formatCallGraph, printCallGraph } from "./call-graph.js";
export type { FutureCallGraph, CallGraphOptions } from "./call-graph.js";
export type { FrameCallGraphEntry } from "./stack-frames.js";
export { formatTaskTable, formatTaskTree } from "./task-table.js";
export { _AWAITS, _awaitThrough, _addAwaitedBy, _discardAwaitedBy } from "./await-links.js";
