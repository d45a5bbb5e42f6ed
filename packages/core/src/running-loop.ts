import type { EventLoop } from "./event-loop.js";
import { _isEventLoop } from "./check.js";
import { _describe } from "./describe.js";
import { slot } from "./slot.js";

/**
 * Returns the event loop that is running now.
 *
 * @remarks
 * A loop counts as running from the moment its `runForever()` (or `runUntilComplete()`, `run()`)
 * starts until it stops, including inside async-function continuations it resumes.
 * @throws Error `"no running event loop"` when no loop is running.
 * @example
 * ```ts
 * await run(async () => {
 *   const loop = getRunningLoop();
 *   loop.callSoon(() => console.log("soon"));
 * });
 * ```
 * @public
 */
export function getRunningLoop(): EventLoop {
  const loop = slot.running;
  if (loop === null) throw new Error("no running event loop");
  return loop;
}

/**
 * Returns the running loop if there is one, else the loop set with {@link setEventLoop}.
 *
 * @remarks
 * Unlike CPython 3.12, no loop is ever created implicitly: a program that needs a loop outside
 * `run()` creates one (`newEventLoop()` or `new EventLoop()`) and sets it.
 * @throws Error when no loop is running and none was set.
 * @public
 */
export function getEventLoop(): EventLoop {
  const loop = slot.running ?? slot.current;
  if (loop === null) {
    throw new Error("There is no current event loop: call setEventLoop(loop) or use run()");
  }
  return loop;
}

/**
 * Sets (or with `null` clears) the loop that {@link getEventLoop} returns when no loop is running.
 * @throws TypeError when `loop` is neither an event loop nor null.
 * @public
 */
export function setEventLoop(loop: EventLoop | null): void {
  if (loop !== null && !_isEventLoop(loop)) {
    throw new TypeError(`setEventLoop(loop): expected an EventLoop or null, got ${_describe(loop)}`);
  }
  slot.current = loop;
}

/**
 * For event-loop implementations: marks `loop` as the running loop (or none, with `null`).
 *
 * @remarks
 * CPython's `asyncio.events._set_running_loop`. A loop calls it when `runForever()` starts and
 * with `null` when it stops; it refuses to start while another loop is running.
 * @throws TypeError when `loop` is neither an event loop nor null.
 * @public
 */
export function _setRunningLoop(loop: EventLoop | null): void {
  if (loop !== null && !_isEventLoop(loop)) {
    throw new TypeError(`_setRunningLoop(loop): expected an EventLoop or null, got ${_describe(loop)}`);
  }
  slot.running = loop;
}

/**
 * For event-loop implementations: the loop that is running, or null (no error).
 * @public
 */
export function _getRunningLoop(): EventLoop | null {
  return slot.running;
}

/**
 * For event-loop implementations: call with `true` before running a batch of ready callbacks
 * synchronously and with `false` after it.
 *
 * @remarks
 * `currentTask()` relies on it to tell a task being stepped by the loop from a plain callback:
 * while it is true, only a task whose step the loop runs synchronously can be running.
 * @throws TypeError when `inTurn` is not a boolean.
 * @public
 */
export function _setInTurn(inTurn: boolean): void {
  if (typeof inTurn !== "boolean") throw new TypeError(`_setInTurn(inTurn): expected a boolean, got ${_describe(inTurn)}`);
  slot.inTurn = inTurn;
}

/**
 * For task implementations: whether a loop is running callbacks synchronously right now.
 * @public
 */
export function _isInTurn(): boolean {
  return slot.inTurn;
}
