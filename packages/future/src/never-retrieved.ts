// "Future exception was never retrieved": a failed future nobody read is reported through its
// loop's exception handler when it is garbage-collected, or at the latest when its loop closes
// (so `run()` always reports it). Only failed futures are registered, so the common paths
// (results, cancellations) pay nothing.
//
// What the registry holds must not keep the future alive. An Error whose stack has not been
// formatted yet holds V8's structured stack trace, whose frames hold their receivers — often the
// task that threw — so the stack is formatted when the future fails, which drops those frames.
import type { EventLoop } from "@aio/core";

/** What is reported, and where. */
interface Held {
  loop: EventLoop;
  message: string;
  exception: unknown;
  repr: string;
}

/** @internal What a failed future holds until it is read (its `_logTraceback`). */
export interface Unretrieved extends Held {
  /** The future, while it lives (to name it in the report at loop close). */
  ref: WeakRef<object>;
  /** Reported already (at loop close): the collector must not report it again. */
  done: boolean;
}

/**
 * Each loop's failed futures that nobody has read yet. (A future keeps its own entry: a WeakMap
 * from futures to entries grew to the peak number of failed futures and never shrank.)
 */
const byLoop = new WeakMap<EventLoop, Set<Unretrieved>>();

const registry = new FinalizationRegistry<Unretrieved>((entry) => {
  byLoop.get(entry.loop)?.delete(entry);
  if (entry.done || entry.loop.isClosed()) return;
  entry.done = true;
  entry.loop.callExceptionHandler({ message: entry.message, exception: entry.exception, future_repr: entry.repr });
});

/** @internal Start watching `target`, a future that just failed with `held.exception`; it keeps what this returns. */
export function watchUnretrieved(target: object, held: Held): Unretrieved {
  const e = held.exception;
  if (e instanceof Error) void e.stack; // format it now: the unformatted trace keeps `target` alive
  const entry: Unretrieved = { ...held, ref: new WeakRef(target), done: false };
  let set = byLoop.get(held.loop);
  if (set === undefined) byLoop.set(held.loop, (set = new Set()));
  set.add(entry);
  registry.register(target, entry, target);
  return entry;
}

/** @internal The exception was read (or the future cancelled): stop watching. */
export function forgetUnretrieved(target: object, entry: Unretrieved): void {
  byLoop.get(entry.loop)?.delete(entry);
  registry.unregister(target);
}

/**
 * For loop implementations: reports every failed future of `loop` whose exception nobody has read,
 * as the collector would have. Call it as the loop closes, before it counts as closed.
 * @public
 */
export function _reportUnretrieved(loop: EventLoop): void {
  const set = byLoop.get(loop);
  if (set === undefined) return;
  byLoop.delete(loop);
  for (const entry of set) {
    if (entry.done) continue;
    entry.done = true;
    const future = entry.ref.deref() as { _logTraceback?: unknown } | undefined;
    if (future !== undefined) {
      future._logTraceback = false; // reported: reading it later changes nothing
      registry.unregister(future);
    }
    loop.callExceptionHandler({
      message: entry.message,
      exception: entry.exception,
      future_repr: entry.repr,
      ...(future !== undefined ? { future: future as never } : {}),
    });
  }
}
