/**
 * asyncio's queues for \@aio: `Queue`, `PriorityQueue` and `LifoQueue`, bounded or not, safe under
 * cancellation, with `join()` and `shutdown()`, and async-iterable.
 *
 * @packageDocumentation
 */
export { Queue } from "./queue.js";
export { PriorityQueue } from "./priority-queue.js";
export type { Comparator } from "./priority-queue.js";
export { LifoQueue } from "./lifo-queue.js";
export { QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
