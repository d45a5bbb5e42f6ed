import { Queue, registerName } from "./queue.js";

/**
 * A last-in, first-out queue (`asyncio.LifoQueue`): `get` returns the item put most recently.
 *
 * @remarks
 * Everything else (waiting, cancellation, `join`, `shutdown`) is as in {@link Queue}.
 * @example
 * ```ts
 * const stack = new LifoQueue<number>();
 * stack.putNowait(1);
 * stack.putNowait(2);
 * stack.getNowait(); // 2
 * ```
 * @public
 */
export class LifoQueue<T = unknown> extends Queue<T> {
  readonly #stack: T[] = [];

  /** Storage hook: pushes `item` on the stack. */
  protected override _put(item: T): void {
    this.#stack.push(item);
  }

  /** Storage hook: pops the newest item. */
  protected override _get(): T {
    return this.#stack.pop() as T;
  }
}

registerName(LifoQueue, "LifoQueue");
