// soak-ops, tasks, generator tasks: N `function*` tasks created and joined in batches; 90% sleep(0)
// and return their index, 10% are cancelled while parked in sleep(3600) (see procedure.ts).
import { CancelledError, type Coroutine } from "@aio/core";
import { sleep } from "@aio/combinators";
import { createTask, type Task } from "@aio/task";
import { BATCH, isCancelled, measureOps, type Outcome } from "./procedure.js";

function* child(i: number): Coroutine<number> {
  yield* sleep(isCancelled(i) ? 3600 : 0);
  return i;
}

function* soak(n: number): Coroutine<Outcome> {
  const out: Outcome = { completed: 0, cancelled: 0, sum: 0 };
  for (let start = 0; start < n; start += BATCH) {
    const end = Math.min(start + BATCH, n);
    const tasks: Task<number>[] = [];
    for (let i = start; i < end; i++) tasks.push(createTask(child(i)));
    yield; // one iteration: every task starts its sleep
    for (let i = start; i < end; i++) if (isCancelled(i)) tasks[i - start]!.cancel();
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
  return out;
}

await measureOps("tasks-gen", (loop) => (n) => loop.runUntilComplete(soak(n)));
