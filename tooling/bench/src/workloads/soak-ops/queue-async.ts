// soak-ops, Queue, async-function tasks: N async-function getter tasks in batches, each parked in
// `await queue.get()` on one unbounded Queue; 10% are cancelled mid-wait, then the parent puts one
// item for each of the others (`await queue.put(i)`) and joins them all (see procedure.ts).
import { CancelledError } from "@aio/core";
import { sleep } from "@aio/combinators";
import { Queue } from "@aio/queue";
import { createTask, type Task } from "@aio/task";
import { BATCH, isCancelled, measureOps, type Outcome } from "./procedure.js";

async function soak(queue: Queue<number>, n: number): Promise<Outcome> {
  const getter = async (): Promise<number> => await queue.get();
  const out: Outcome = { completed: 0, cancelled: 0, sum: 0 };
  for (let start = 0; start < n; start += BATCH) {
    const end = Math.min(start + BATCH, n);
    const tasks: Task<number>[] = [];
    for (let i = start; i < end; i++) tasks.push(createTask(getter));
    await sleep(0); // one iteration: every getter is waiting in get()
    for (let i = start; i < end; i++) if (isCancelled(i)) tasks[i - start]!.cancel();
    for (let i = start; i < end; i++) if (!isCancelled(i)) await queue.put(i);
    for (const task of tasks) {
      try {
        out.sum += await task;
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

await measureOps("queue-async", (loop) => {
  const queue = new Queue<number>();
  return (n) => loop.runUntilComplete(() => soak(queue, n));
});
