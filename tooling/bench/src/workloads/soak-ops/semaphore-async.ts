// soak-ops, Semaphore, async-function tasks: a Semaphore(PERMITS) whose permits the parent holds
// while it creates a batch of async-function tasks that each `await sem.acquire()`, release at once
// and return; 10% are cancelled mid-wait, then the parent releases its permits and joins them all
// (see procedure.ts). One op = one waiter's acquire (and release).
import { CancelledError } from "@aio/core";
import { sleep } from "@aio/combinators";
import { Semaphore } from "@aio/sync";
import { createTask, type Task } from "@aio/task";
import { BATCH, isCancelled, measureOps, type Outcome } from "./procedure.js";

const PERMITS = 10;

function waiter(sem: Semaphore, i: number): () => Promise<number> {
  return async () => {
    await sem.acquire();
    sem.release();
    return i;
  };
}

async function soak(sem: Semaphore, n: number): Promise<Outcome> {
  const out: Outcome = { completed: 0, cancelled: 0, sum: 0 };
  for (let start = 0; start < n; start += BATCH) {
    const end = Math.min(start + BATCH, n);
    for (let p = 0; p < PERMITS; p++) await sem.acquire(); // free: no wait
    const tasks: Task<number>[] = [];
    for (let i = start; i < end; i++) tasks.push(createTask(waiter(sem, i)));
    await sleep(0); // one iteration: every waiter is in line in acquire()
    for (let i = start; i < end; i++) if (isCancelled(i)) tasks[i - start]!.cancel();
    for (let p = 0; p < PERMITS; p++) sem.release();
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
  if (sem.locked()) throw new Error(`permits missing: ${String(sem)}`);
  return out;
}

await measureOps("semaphore-async", (loop) => {
  const sem = new Semaphore(PERMITS);
  return (n) => loop.runUntilComplete(() => soak(sem, n));
});
