// The options both pool executors take, and their checks.
import { _describe as describe } from "@aio/core";

/**
 * Options for {@link ThreadPoolExecutor} and {@link ProcessPoolExecutor}.
 * @public
 */
export interface PoolExecutorOptions {
  /**
   * The most workers the pool runs at once; each runs one job at a time. Workers start on demand.
   * `null` (Python's `None`) and `undefined` mean the default.
   * @defaultValue threads: `min(32, cpus + 4)`; processes: `cpus` (CPython's defaults)
   */
  maxWorkers?: number | null | undefined;
  /**
   * Seconds a running job whose future was aborted gets to stop (after its `jobSignal()` is
   * aborted) before its worker is terminated and replaced. `0` terminates at once. `null` and
   * `undefined` mean the default.
   * @defaultValue 1
   */
  cancelGracePeriod?: number | null | undefined;
}

/** The longest grace period a timer can wait: setTimeout fires at once beyond 2^31 - 1 ms. */
const MAX_GRACE_SECONDS = 2_147_483;

const OPTION_NAMES = new Set(["maxWorkers", "cancelGracePeriod"]);

/**
 * Checks an options object: undefined means `{}`; anything but a plain object, and an option name
 * that is not one of `known`, is a TypeError naming `where` (a typo such as `max_workers` would
 * otherwise be ignored without a word). Exported for the \@aio executors.
 * @param where - The caller and argument, for the message (`BullMQExecutor(options)`).
 * @param known - The option names the caller takes.
 * @throws TypeError as said.
 * @public
 */
export function checkOptionsObject(where: string, options: unknown, known: ReadonlySet<string>): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: expected an options object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new TypeError(`${where}: unknown option ${JSON.stringify(key)}; the options are ${[...known].join(", ")}`);
    }
  }
  return options as Record<string, unknown>;
}

/** Checks `options` (naming the executor in errors) and fills in the defaults. */
export function resolveOptions(
  name: string,
  options: unknown,
  defaultMaxWorkers: number,
): { maxWorkers: number; cancelGracePeriod: number } {
  const given = checkOptionsObject(`${name}(options)`, options, OPTION_NAMES);
  const maxWorkers = given["maxWorkers"] ?? defaultMaxWorkers;
  const cancelGracePeriod = given["cancelGracePeriod"] ?? 1;
  if (typeof maxWorkers !== "number") {
    throw new TypeError(`${name}(maxWorkers): expected an integer > 0 or null, got ${describe(maxWorkers)}`);
  }
  if (!Number.isSafeInteger(maxWorkers) || maxWorkers <= 0) {
    throw new RangeError(`${name}(maxWorkers): expected an integer > 0, got ${describe(maxWorkers)}`);
  }
  if (typeof cancelGracePeriod !== "number") {
    throw new TypeError(`${name}(cancelGracePeriod): expected a number of seconds >= 0, got ${describe(cancelGracePeriod)}`);
  }
  if (!(cancelGracePeriod >= 0 && cancelGracePeriod <= MAX_GRACE_SECONDS)) {
    throw new RangeError(
      `${name}(cancelGracePeriod): expected a number of seconds from 0 to ${MAX_GRACE_SECONDS}, got ${describe(cancelGracePeriod)}`,
    );
  }
  return { maxWorkers, cancelGracePeriod };
}
