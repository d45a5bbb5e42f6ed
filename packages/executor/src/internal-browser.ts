/**
 * `@aio/executor/internal` in a browser bundle: the pieces of the pools that run on a page (how
 * values and errors cross, how `map` hands back results, the options check), for
 * \@aio/executor-web. The Node build (`internal.ts`) adds the parts that compile job sources with
 * `node:vm`. Not for applications; it may change with any release.
 *
 * @packageDocumentation
 */
export { toWire as _toWire, fromWire as _fromWire } from "./protocol.js";
export type { JobCode as _JobCode, WireError as _WireError } from "./protocol.js";
export { mapJobs as _mapJobs } from "./executor-map.js";
export { checkOptionsObject as _checkOptionsObject } from "./options.js";
export { JobQueue as _JobQueue } from "./job-queue.js";
export type { Job as _Job } from "./job-queue.js";
