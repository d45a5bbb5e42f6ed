/**
 * asyncio's synchronization primitives for \@aio: `Lock`, `Event`, `Condition`, `Semaphore`,
 * `BoundedSemaphore` and `Barrier`, fair (FIFO) and safe under cancellation.
 *
 * @packageDocumentation
 */
export { Lock } from "./lock.js";
export { Event } from "./event.js";
export { Condition } from "./condition.js";
export { Semaphore, BoundedSemaphore } from "./semaphore.js";
export { Barrier } from "./barrier.js";
export { BrokenBarrierError } from "./errors.js";
export type { UseBody } from "./use.js";
