// soak-failed-tasks on @aio, async-function tasks: N fire-and-forget async-function tasks that
// throw at once, nobody awaits them; heap growth per 100k tasks and "never retrieved" reports
// (see procedure.ts).
import type { EventLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { sleep } from "@aio/combinators";
import { BATCH, measureFailedTasks } from "./procedure.js";

async function spawnFailing(n: number, message: string): Promise<void> {
  const fail = async (): Promise<never> => {
    throw new Error(message);
  };
  for (let done = 0; done < n; done += BATCH) {
    const k = Math.min(BATCH, n - done);
    for (let i = 0; i < k; i++) createTask(fail);
    await sleep(0); // one iteration: every task of the batch takes its step and fails
  }
}

await measureFailedTasks("aio-async", async (loop: EventLoop, n, message) => {
  await loop.runUntilComplete(() => spawnFailing(n, message));
});
