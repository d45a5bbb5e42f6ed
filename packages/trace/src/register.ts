// Loaded with `node --import` by the aio-trace command, before the traced program: every event
// loop the program creates reports to one recorder, and when the process exits the trace is
// written as <out>.json (Chrome's Trace Event format) and <out>.svg. Node only.
import { writeFileSync } from "node:fs";
import { _setTracerFactory } from "@aio/core";
import { TraceRecorder } from "./recorder.js";

const out = process.env["AIO_TRACE_OUT"] ?? "trace";
const capacity = Number(process.env["AIO_TRACE_CAPACITY"] ?? 65536);
const title = process.env["AIO_TRACE_TITLE"];

const recorder = new TraceRecorder({ capacity });
_setTracerFactory(() => recorder);

process.on("exit", () => {
  _setTracerFactory(null);
  try {
    writeFileSync(`${out}.json`, JSON.stringify(recorder.toChromeTrace()));
    writeFileSync(`${out}.svg`, recorder.toSvg(title === undefined ? {} : { title }));
    const dropped = recorder.dropped > 0 ? `, the oldest ${recorder.dropped} dropped` : "";
    process.stderr.write(`aio-trace: wrote ${out}.json and ${out}.svg (${recorder.recorded} events${dropped})\n`);
  } catch (error) {
    process.stderr.write(`aio-trace: could not write the trace: ${String(error)}\n`);
  }
});
