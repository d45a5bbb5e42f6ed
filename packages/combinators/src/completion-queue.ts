// The unbounded FIFO asCompleted() hands finished futures through: CPython uses an asyncio.Queue
// here; this is the part of it that is needed (put without waiting, get that waits), with the
// same wake-up rules, so the loop iterations match. Getters wait in \@aio/future's shared FIFO
// waiter queue (O(1) per operation, also when a getter in the middle is cancelled); a getter that
// was woken and then cancelled passes the wake-up on, so no item is left behind a waiting getter.
import type { Coroutine, EventLoop } from "@aio/core";
import { _WaiterQueue } from "@aio/future";

/** @internal */
export class CompletionQueue<T> {
  private items: T[] = [];
  private head = 0;
  private readonly getters = new _WaiterQueue<void>();

  constructor(private readonly loop: EventLoop) {}

  empty(): boolean {
    return this.head === this.items.length;
  }

  put(item: T): void {
    this.items.push(item);
    this.getters.wakeNext(undefined);
  }

  *get(): Coroutine<T> {
    while (this.empty()) {
      const getter = this.loop.createFuture<void>();
      this.getters.add(getter);
      try {
        yield* getter;
      } catch (e) {
        getter.cancel();
        const woken = this.getters.remove(getter);
        if (woken && !this.empty()) this.getters.wakeNext(undefined);
        throw e;
      }
      this.getters.remove(getter);
    }
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return item;
  }
}
