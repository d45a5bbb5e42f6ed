// The queue's errors keep asyncio's names, so `except asyncio.QueueEmpty` reads as `instanceof QueueEmpty`.

function named<T extends { prototype: Error }>(cls: T, name: string): T {
  // `name` lives on the prototype, as for the errors in \@aio/core.
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  return cls;
}

/**
 * Thrown by `getNowait()` when the queue is empty (`asyncio.QueueEmpty`).
 * @public
 */
export class QueueEmpty extends Error {}
named(QueueEmpty, "QueueEmpty");

/**
 * Thrown by `putNowait()` when the queue is full (`asyncio.QueueFull`).
 * @public
 */
export class QueueFull extends Error {}
named(QueueFull, "QueueFull");

/**
 * Thrown by `put` and `putNowait` once the queue is shut down, and by `get` and `getNowait` once it
 * is shut down and empty (at once after `shutdown(true)`) (`asyncio.QueueShutDown`).
 * @public
 */
export class QueueShutDown extends Error {}
named(QueueShutDown, "QueueShutDown");
