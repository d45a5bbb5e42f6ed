// The messages between the pool and its Web Workers: \@aio/executor's protocol, plus "closing" (a
// job called close() on its worker, which a browser would not report).
import type { _JobCode as JobCode, _WireError as WireError } from "@aio/executor/internal";

/** Pool → worker. */
export type ToWorker =
  | { type: "run"; job: number; code: JobCode; args: unknown[] }
  | { type: "abort"; job: number; reason: WireError };

/** Worker → pool. */
export type FromWorker =
  | { type: "ready" }
  | { type: "closing" }
  | { type: "ok"; job: number; value: unknown }
  | { type: "err"; job: number; error: WireError };

export type { JobCode, WireError };
