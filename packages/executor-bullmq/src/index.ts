/**
 * An \@aio executor whose workers are other processes and machines: jobs go through a BullMQ
 * queue in Redis, and `loop.runInExecutor`, `wrapFuture` and `map` work as with the local pools.
 *
 * @packageDocumentation
 */
export { BullMQExecutor } from "./executor.js";
export type { BullMQExecutorOptions, JobOptions, RedisConnection } from "./options.js";
export { startWorker, BullMQWorker } from "./worker.js";
export type { WorkerOptions, WorkerCloseOptions } from "./worker.js";
export type { WorkerPoolKind } from "./runner.js";
export { BrokenBullMQExecutor, WorkerLostError } from "./errors.js";
