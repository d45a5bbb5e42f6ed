// The FIFO of jobs waiting for a worker (as in \@aio/executor). Cancelled jobs stay where they are
// until they reach the head (cancel() of a queued future does not tell the pool), and are dropped there.
import type { ConcurrentFuture } from "@aio/executor";
import type { JobCode } from "./protocol.js";

/** A submitted job, from `submit` until a worker reports back. */
export interface Job {
  readonly id: number;
  readonly future: ConcurrentFuture<unknown>;
  readonly code: JobCode;
  /** Emptied once sent, so the pool does not keep the arguments alive. */
  args: unknown[];
}

export class JobQueue {
  #items: (Job | undefined)[] = [];
  #head = 0;

  /** Jobs in the queue, cancelled ones included. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  push(job: Job): void {
    this.#items.push(job);
  }

  /** The first job that is not cancelled, dropping cancelled ones ahead of it; undefined if none. */
  peekLive(): Job | undefined {
    while (this.#head < this.#items.length) {
      const job = this.#items[this.#head];
      if (job !== undefined && !job.future.cancelled()) return job;
      this.shift();
    }
    return undefined;
  }

  /** Removes the head (an O(1) pop: the array is compacted only now and then). */
  shift(): void {
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Empties the queue and returns the jobs that were not cancelled, in order. */
  drain(): Job[] {
    const live = this.#items.slice(this.#head).filter((job): job is Job => job !== undefined && !job.future.cancelled());
    this.#items = [];
    this.#head = 0;
    return live;
  }
}
