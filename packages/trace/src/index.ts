/**
 * A trace recorder for \@aio event loops: Chrome Trace Event JSON (Perfetto, `chrome://tracing`)
 * and an SVG timeline, one lane per task.
 *
 * @packageDocumentation
 */
export { TraceRecorder } from "./recorder.js";
export type { TraceRecorderOptions } from "./recorder.js";
export type { ChromeTrace, TraceEvent } from "./chrome-trace.js";
export type { SvgOptions } from "./svg-timeline.js";
export type { Ring as _Ring } from "./ring.js";
