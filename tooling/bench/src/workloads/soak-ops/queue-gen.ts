// soak-ops, Queue, generator tasks: N `function*` getter tasks in batches, each parked in
// `yield* queue.get()` on one unbounded Queue; 10% are cancelled mid-wait, then the parent puts one
// item for each of the others (`yield* queue.put(i)`) and joins them all (see procedure.ts).
import { CancelledError, type Coroutine } from "@aio/core";
import { Queue } from "@aio/queue";
import { createTask, type Task } from "@aio/task";
import { BATCH, isCancelled, measureOps, type Outcome } from "./procedure.js";

function* getter(queue: Queue<number>): Coroutine<number> {
  return yield* queue.get();
}

function* soak(queue: Queue<number>, n: number): Coroutine<Outcome> {
  const out: Outcome = { completed: 0, cancelled: 0, sum: 0 };
  for (let start = 0; start < n; start += BATCH) {
    const end = Math.min(start + BATCH, n);
    const tasks: Task<number>[] = [];
    for (let i = start; i < end; i++) tasks.push(createTask(getter(queue)));
    yield; // one iteration: every getter is waiting in get()
    for (let i = start; i < end; i++) if (isCancelled(i)) tasks[i - start]!.cancel();
    for (let i = start; i < end; i++) if (!isCancelled(i)) yield* queue.put(i);
    for (const task of tasks) {
      try {
        out.sum += yield* task;
        out.completed++;
      } catch (error) {
        if (!(error instanceof CancelledError)) throw error;
        out.cancelled++;
      }
    }
  }
  if (!queue.empty()) throw new Error(`${queue.qsize()} items left in the queue`);
  return out;
}

await measureOps("queue-gen", (loop) => {
  const queue = new Queue<number>();
  return (n) => loop.runUntilComplete(soak(queue, n));
});
