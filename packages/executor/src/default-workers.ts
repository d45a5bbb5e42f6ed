// The pools' default sizes, from the machine's CPU count. Apart from options.ts so that the option
// checks (wrapFuture uses them) load in a browser, which has no `node:os`.
import { availableParallelism } from "node:os";

/** CPython's ThreadPoolExecutor default: `min(32, os.cpu_count() + 4)`. */
export function defaultThreadWorkers(): number {
  return Math.min(32, availableParallelism() + 4);
}

/** CPython's ProcessPoolExecutor default: `os.cpu_count()`. */
export function defaultProcessWorkers(): number {
  return availableParallelism();
}
