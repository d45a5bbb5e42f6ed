// The errors this package adds: a broken executor (Redis went away) and a job whose worker died.
import { BrokenExecutorError } from "@aio/core";

function named<T extends { prototype: Error }>(cls: T, name: string): T {
  // As in \@aio/core: the name lives on the prototype, so stack headers say which error it is.
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  return cls;
}

/**
 * A {@link BullMQExecutor} can no longer run work because its connection to Redis was lost and did
 * not come back in time (the distributed counterpart of `BrokenProcessPool`).
 *
 * @remarks
 * Set on every future that was pending or running when the executor broke, and thrown by
 * `submit()` and `map()` afterwards. `cause` holds the last connection error, where known.
 * @public
 */
export class BrokenBullMQExecutor extends BrokenExecutorError {}
named(BrokenBullMQExecutor, "BrokenBullMQExecutor");

/**
 * A job's worker stopped while running it (killed, crashed, or too busy to keep its lock), and the
 * job's attempts were used up, so it is not run again.
 *
 * @remarks
 * BullMQ notices such a job as "stalled" once its lock expires (the worker's `lockDuration`),
 * and puts it back in the queue; the next worker that takes it fails it with this error instead of
 * running it when the executor's `jobOptions.attempts` are spent (1 by default), or runs it again.
 * @public
 */
export class WorkerLostError extends Error {}
named(WorkerLostError, "WorkerLostError");
