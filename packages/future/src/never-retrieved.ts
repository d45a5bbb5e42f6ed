// "Future exception was never retrieved": a failed future nobody read is reported through its
// loop's exception handler once it is garbage-collected. Only failed futures are registered, so
// the common paths (results, cancellations) pay nothing.
import type { EventLoop } from "@aio/core";

interface Held {
  loop: EventLoop;
  message: string;
  exception: unknown;
  repr: string;
}

const registry = new FinalizationRegistry<Held>((held) => {
  if (held.loop.isClosed()) return;
  held.loop.callExceptionHandler({ message: held.message, exception: held.exception, future_repr: held.repr });
});

/** @internal Start watching `target`; `token` is what `forget` is later called with. */
export function watchUnretrieved(target: object, held: Held): void {
  registry.register(target, held, target);
}

/** @internal The exception was read (or the future cancelled): stop watching. */
export function forgetUnretrieved(target: object): void {
  registry.unregister(target);
}
