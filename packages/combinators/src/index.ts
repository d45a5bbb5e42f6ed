/**
 * asyncio's combinators for TypeScript: `sleep`, `gather`, `wait`, `waitFor`, `shield`,
 * `asCompleted`, `timeout`/`timeoutAt`, `taskGroup` and `fromPromise`, each usable with `yield*`
 * in generator coroutines and with `await` in async functions.
 *
 * @packageDocumentation
 */
export { sleep } from "./sleep.js";
export { gather } from "./gather.js";
export type { GatherOptions, GatherResults, GatherSettled } from "./gather.js";
export { wait } from "./wait.js";
export type { WaitOptions } from "./wait.js";
export { FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED } from "./return-when.js";
export type { ReturnWhen } from "./return-when.js";
export { waitFor } from "./wait-for.js";
export { shield } from "./shield.js";
export { asCompleted } from "./as-completed.js";
export type { AsCompleted, AsCompletedOptions, Completed, FutureOf } from "./as-completed.js";
export { timeout, timeoutAt, Timeout } from "./timeout.js";
export { taskGroup, TaskGroup } from "./task-group.js";
export type { TaskGroupTaskOptions } from "./task-group.js";
export { ExceptionGroup } from "./exception-group.js";
export { fromPromise } from "./from-promise.js";
export type { ResultOf, AwaitableSource, Body } from "./types.js";
