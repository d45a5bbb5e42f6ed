// The unbounded FIFO asCompleted() hands finished futures through: CPython uses an asyncio.Queue
// here; this is the part of it that is needed (put without waiting, get that waits), with the
// same waiter rules, so the loop iterations match. A getter that is woken and then cancelled
// passes the wake-up on to the next one, so no item is left with a waiting getter.
import type { Coroutine, EventLoop, FutureLike } from "@aio/core";

/** @internal */
export class CompletionQueue<T> {
  private items: T[] = [];
  private head = 0;
  private readonly getters: FutureLike<void>[] = [];

  constructor(private readonly loop: EventLoop) {}

  empty(): boolean {
    return this.head === this.items.length;
  }

  put(item: T): void {
    this.items.push(item);
    this.wakeNextGetter();
  }

  *get(): Coroutine<T> {
    while (this.empty()) {
      const getter = this.loop.createFuture<void>();
      this.getters.push(getter);
      try {
        yield* getter;
      } catch (e) {
        getter.cancel();
        const i = this.getters.indexOf(getter);
        if (i >= 0) this.getters.splice(i, 1);
        if (!this.empty() && !getter.cancelled()) this.wakeNextGetter();
        throw e;
      }
    }
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return item;
  }

  private wakeNextGetter(): void {
    while (this.getters.length > 0) {
      const getter = this.getters.shift()!;
      if (!getter.done()) {
        getter.setResult(undefined);
        break;
      }
    }
  }
}
