/**
 * Thrown by `Barrier.wait()` when the barrier is reset or aborted while the task waits, or is
 * already broken when it arrives (`asyncio.BrokenBarrierError`).
 * @public
 */
export class BrokenBarrierError extends Error {}
// `name` lives on the prototype, as for the errors in \@aio/core.
Object.defineProperty(BrokenBarrierError.prototype, "name", { value: "BrokenBarrierError", writable: true, configurable: true });
