// A Node stream that emits 'error' with no listener crashes the process. Between the moment a
// socket exists (connected, accepted, upgraded to TLS) and the moment its transport listens — at
// least one loop iteration later, since protocol code only runs as loop callbacks — an error
// would do exactly that. So every stream gets this small listener first; it keeps the first error,
// which the transport hands to connectionLost().
import type { EventEmitter } from "node:events";

const FIRST_ERROR = Symbol("aio.streams.firstError");

type Guarded = EventEmitter & { [FIRST_ERROR]?: Error | null };

/** @internal Records the stream's first error (once per stream). */
export function guardErrors(stream: EventEmitter): void {
  const s = stream as Guarded;
  if (FIRST_ERROR in s) return;
  s[FIRST_ERROR] = null;
  s.on("error", (error: Error) => {
    s[FIRST_ERROR] ??= error;
  });
}

/** @internal The first error the stream reported, or null. */
export function firstError(stream: EventEmitter): Error | null {
  return (stream as Guarded)[FIRST_ERROR] ?? null;
}
