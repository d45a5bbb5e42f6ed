/**
 * The \@aio event loop: batched ready queue, timer heap, pluggable clock and host, `TestLoop`,
 * `run()` and `Runner`.
 *
 * @packageDocumentation
 */
export { EventLoop } from "./event-loop.js";
export type { EventLoopOptions } from "./event-loop.js";
export { TestLoop } from "./test-loop.js";
export type { TestLoopOptions } from "./test-loop.js";
export { Handle, TimerHandle } from "./handle.js";
export { monotonicClock, VirtualClock } from "./clock.js";
export type { Clock } from "./clock.js";
export { NodeHost, MessageChannelHost, ManualHost } from "./host.js";
export type { Host } from "./host.js";
export { run, Runner, newEventLoop, KeyboardInterrupt } from "./runner.js";
export type { RunnerOptions } from "./runner.js";
export type { ReadyQueue as _ReadyQueue, Runnable as _Runnable } from "./ready-queue.js";
export type { TimerHeap as _TimerHeap } from "./timer-heap.js";
export type { SignalHandlers as _SignalHandlers } from "./signal-handlers.js";
