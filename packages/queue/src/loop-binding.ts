// asyncio's _LoopBoundMixin: a primitive belongs to no loop until it first needs a future, then to
// the loop running at that moment, for good.
import { getRunningLoop, type EventLoop } from "@aio/core";

/**
 * @internal The running loop, checked against the one `owner` is bound to (null: not bound yet).
 * @throws Error when no loop is running, or `owner` is bound to another loop.
 */
export function boundLoop(bound: EventLoop | null, owner: object): EventLoop {
  const loop = getRunningLoop();
  if (bound !== null && bound !== loop) throw new Error(`${String(owner)} is bound to a different event loop`);
  return loop;
}
