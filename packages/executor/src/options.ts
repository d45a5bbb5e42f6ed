// The options both pool executors take, and their checks.
import { availableParallelism } from "node:os";

/**
 * Options for {@link ThreadPoolExecutor} and {@link ProcessPoolExecutor}.
 * @public
 */
export interface PoolExecutorOptions {
  /**
   * The most workers the pool runs at once; each runs one job at a time. Workers start on demand.
   * @defaultValue threads: `min(32, cpus + 4)`; processes: `cpus` (CPython's defaults)
   */
  maxWorkers?: number | undefined;
  /**
   * Seconds a running job whose future was aborted gets to stop (after its `jobSignal()` is
   * aborted) before its worker is terminated and replaced. `0` terminates at once.
   * @defaultValue 1
   */
  cancelGracePeriod?: number | undefined;
}

/** Checks `options` (naming the executor in errors) and fills in the defaults. */
export function resolveOptions(
  name: string,
  options: PoolExecutorOptions,
  defaultMaxWorkers: number,
): { maxWorkers: number; cancelGracePeriod: number } {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${name}(options): expected an options object, got ${String(options)} (${typeof options})`);
  }
  const { maxWorkers = defaultMaxWorkers, cancelGracePeriod = 1 } = options;
  if (typeof maxWorkers !== "number" || !Number.isInteger(maxWorkers) || maxWorkers <= 0) {
    throw new RangeError(`${name}(maxWorkers): expected an integer > 0, got ${String(maxWorkers)} (${typeof maxWorkers})`);
  }
  if (typeof cancelGracePeriod !== "number" || !(cancelGracePeriod >= 0) || cancelGracePeriod === Infinity) {
    throw new RangeError(
      `${name}(cancelGracePeriod): expected a finite number of seconds >= 0, got ${String(cancelGracePeriod)} (${typeof cancelGracePeriod})`,
    );
  }
  return { maxWorkers, cancelGracePeriod };
}

/** CPython's ThreadPoolExecutor default: `min(32, os.cpu_count() + 4)`. */
export function defaultThreadWorkers(): number {
  return Math.min(32, availableParallelism() + 4);
}

/** CPython's ProcessPoolExecutor default: `os.cpu_count()`. */
export function defaultProcessWorkers(): number {
  return availableParallelism();
}
