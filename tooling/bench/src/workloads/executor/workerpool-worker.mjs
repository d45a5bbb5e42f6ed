// Worker script for the workerpool rows: registers the shared jobs.
import workerpool from "workerpool";
import { fib, noop } from "./jobs.mjs";

workerpool.worker({ fib, noop });
