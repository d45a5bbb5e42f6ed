/**
 * `@aio/executor/internal`: the pieces of the pools that other \@aio executors reuse (today
 * \@aio/executor-bullmq), so that their jobs follow the same rules: which functions can be sent,
 * how they are compiled in a worker, how errors cross, how `map` hands back results. Not for
 * applications, and not re-exported by \@aio/asyncio; it may change with any release.
 *
 * @packageDocumentation
 */
export { jobCode as _jobCode } from "./job-code.js";
export { compileSource as _compileSource } from "./worker-runtime.js";
export { toWire as _toWire, fromWire as _fromWire } from "./protocol.js";
export type { JobCode as _JobCode, WireError as _WireError } from "./protocol.js";
export { mapJobs as _mapJobs } from "./executor-map.js";
export { checkOptionsObject as _checkOptionsObject } from "./options.js";
export { JobQueue as _JobQueue } from "./job-queue.js";
export type { Job as _Job } from "./job-queue.js";
