// The options of WebWorkerExecutor and their checks.
import { _describe as describe } from "@aio/core";
import { _checkOptionsObject as checkOptionsObject } from "@aio/executor/internal";

/**
 * Options for {@link WebWorkerExecutor}.
 * @public
 */
export interface WebWorkerExecutorOptions {
  /**
   * The most workers the pool runs at once; each runs one job at a time. Workers start on demand.
   * `null` and `undefined` mean the default.
   * @defaultValue `navigator.hardwareConcurrency` (4 where the browser does not say)
   */
  maxWorkers?: number | null | undefined;
  /**
   * Seconds a running job whose future was aborted gets to stop (after its `jobSignal()` is
   * aborted) before its worker is terminated and replaced. `0` terminates at once.
   * @defaultValue 1
   */
  cancelGracePeriod?: number | null | undefined;
  /**
   * Where the workers load the runtime from. By default it is built from this package's own code as
   * a `blob:` URL, which needs nothing from a bundler; when the page's Content-Security-Policy
   * refuses `blob:` workers, pass the URL of a module worker script that calls
   * {@link startWorkerRuntime}.
   * @defaultValue null
   */
  workerUrl?: string | URL | null | undefined;
  /** The workers' name in the browser's devtools (a number is added). @defaultValue `"aio-worker"` */
  name?: string | undefined;
}

/** The longest grace period a timer can wait: setTimeout fires at once beyond 2^31 - 1 ms. */
const MAX_GRACE_SECONDS = 2_147_483;

const OPTION_NAMES: ReadonlySet<string> = new Set(["maxWorkers", "cancelGracePeriod", "workerUrl", "name"]);

/** The options with their defaults filled in. */
export interface ResolvedOptions {
  maxWorkers: number;
  cancelGracePeriod: number;
  workerUrl: string | null;
  name: string;
}

/** The browser's CPU count, as CPython's ProcessPoolExecutor takes `os.cpu_count()`. */
function defaultWorkers(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? n : 4;
}

/** Checks `options` and fills in the defaults. */
export function resolveOptions(options: unknown): ResolvedOptions {
  const where = "WebWorkerExecutor";
  const given = checkOptionsObject(`${where}(options)`, options, OPTION_NAMES);
  const maxWorkers = given["maxWorkers"] ?? defaultWorkers();
  const cancelGracePeriod = given["cancelGracePeriod"] ?? 1;
  const workerUrl = given["workerUrl"] ?? null;
  const name = given["name"] ?? "aio-worker";
  if (typeof maxWorkers !== "number") {
    throw new TypeError(`${where}(maxWorkers): expected an integer > 0 or null, got ${describe(maxWorkers)}`);
  }
  if (!Number.isSafeInteger(maxWorkers) || maxWorkers <= 0) {
    throw new RangeError(`${where}(maxWorkers): expected an integer > 0, got ${describe(maxWorkers)}`);
  }
  if (typeof cancelGracePeriod !== "number") {
    throw new TypeError(`${where}(cancelGracePeriod): expected a number of seconds >= 0, got ${describe(cancelGracePeriod)}`);
  }
  if (!(cancelGracePeriod >= 0 && cancelGracePeriod <= MAX_GRACE_SECONDS)) {
    throw new RangeError(
      `${where}(cancelGracePeriod): expected a number of seconds from 0 to ${MAX_GRACE_SECONDS}, got ${describe(cancelGracePeriod)}`,
    );
  }
  if (workerUrl !== null && typeof workerUrl !== "string" && !(workerUrl instanceof URL)) {
    throw new TypeError(`${where}(workerUrl): expected a URL, a string or null, got ${describe(workerUrl)}`);
  }
  if (workerUrl === "") throw new TypeError(`${where}(workerUrl): expected a URL, a string or null, got an empty string`);
  if (typeof name !== "string") throw new TypeError(`${where}(name): expected a string, got ${describe(name)}`);
  return { maxWorkers, cancelGracePeriod, workerUrl: workerUrl === null ? null : String(workerUrl), name };
}
