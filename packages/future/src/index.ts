/**
 * `asyncio.Future` for TypeScript: a loop-bound result you can `yield*` or `await`.
 *
 * @packageDocumentation
 */
export { Future } from "./future.js";
export type { FutureOptions, Waiter, DoneCallbackOptions } from "./future.js";
export { wrapPromise } from "./wrap-promise.js";
export { _setAwaitHook, _setAwaitSiteHook } from "./await-hook.js";
export type { AwaitingTask } from "./await-hook.js";
export { hintMicrotasks as _hintMicrotasks } from "./future.js";
export { WaiterQueue as _WaiterQueue } from "./waiter-queue.js";
export { Reaction as _Reaction } from "./reaction.js";
export { _reportUnretrieved } from "./never-retrieved.js";
