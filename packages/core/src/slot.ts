// Process-wide state shared by every copy of @aio/core that may be loaded (two versions in one
// node_modules tree must still agree on which loop is running), hence a registered symbol.
import type { EventLoop } from "./event-loop.js";

/** @internal */
export interface CoreSlot {
  /** The loop whose runForever() is in progress, if any. */
  running: EventLoop | null;
  /** The loop set with setEventLoop(). */
  current: EventLoop | null;
  /**
   * True while a loop runs its ready callbacks synchronously. Async-function code never runs then
   * (JavaScript resumes it from microtasks, while the loop waits for the step), so @aio/task uses
   * this to tell a synchronous step from a plain callback.
   */
  inTurn: boolean;
}

const KEY = Symbol.for("@aio/core.slot");

/** @internal */
export const slot: CoreSlot = ((globalThis as Record<symbol, unknown>)[KEY] as CoreSlot | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = { running: null, current: null, inTurn: false } as CoreSlot);
