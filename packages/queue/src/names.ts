// Names for reprs and messages, registered by our classes: bundlers may rename a class that refers
// to itself (esbuild turns `class Queue` into `class _Queue`), so `constructor.name` is only used for
// user subclasses.
const NAMES = new WeakMap<Function, string>();

/** @internal */
export function registerName(ctor: Function, name: string): void {
  NAMES.set(ctor, name);
}

/** @internal The name of a class for messages: `Queue`, `LifoQueue`, ... or a subclass's own name. */
export function reprName(ctor: Function): string {
  return NAMES.get(ctor) ?? ctor.name;
}

/** @internal The name of a queue's class, for the messages of its operations. */
export function queueName(q: object): string {
  return reprName(q.constructor);
}
