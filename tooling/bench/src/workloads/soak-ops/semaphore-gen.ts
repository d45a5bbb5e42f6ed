// soak-ops, Semaphore, generator tasks: a Semaphore(PERMITS) whose permits the parent holds while
// it creates a batch of `function*` tasks that each `yield* sem.acquire()`, release at once and
// return; 10% are cancelled mid-wait, then the parent releases its permits and joins them all
// (see procedure.ts). One op = one waiter's acquire (and release).
import { CancelledError, type Coroutine } from "@aio/core";
import { Semaphore } from "@aio/sync";
import { createTask, type Task } from "@aio/task";
import { BATCH, isCancelled, measureOps, type Outcome } from "./procedure.js";

const PERMITS = 10;

function* waiter(sem: Semaphore, i: number): Coroutine<number> {
  yield* sem.acquire();
  sem.release();
  return i;
}

function* soak(sem: Semaphore, n: number): Coroutine<Outcome> {
  const out: Outcome = { completed: 0, cancelled: 0, sum: 0 };
  for (let start = 0; start < n; start += BATCH) {
    const end = Math.min(start + BATCH, n);
    for (let p = 0; p < PERMITS; p++) yield* sem.acquire(); // free: no wait
    const tasks: Task<number>[] = [];
    for (let i = start; i < end; i++) tasks.push(createTask(waiter(sem, i)));
    yield; // one iteration: every waiter is in line in acquire()
    for (let i = start; i < end; i++) if (isCancelled(i)) tasks[i - start]!.cancel();
    for (let p = 0; p < PERMITS; p++) sem.release();
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
  if (sem.locked()) throw new Error(`permits missing: ${String(sem)}`);
  return out;
}

await measureOps("semaphore-gen", (loop) => {
  const sem = new Semaphore(PERMITS);
  return (n) => loop.runUntilComplete(soak(sem, n));
});
