// soak-failed-tasks on @aio, generator tasks: N fire-and-forget `function*` tasks that throw at
// once, nobody awaits them; heap growth per 100k tasks and "never retrieved" reports (see procedure.ts).
import type { Coroutine } from "@aio/core";
import type { EventLoop } from "@aio/loop";
import { createTask } from "@aio/task";
import { BATCH, measureFailedTasks } from "./procedure.js";

function* fail(message: string): Coroutine<never> {
  throw new Error(message);
}

function* spawnFailing(n: number, message: string): Coroutine<void> {
  for (let done = 0; done < n; done += BATCH) {
    const k = Math.min(BATCH, n - done);
    for (let i = 0; i < k; i++) createTask(fail(message));
    yield; // one iteration: every task of the batch takes its step and fails
  }
}

await measureFailedTasks("aio-gen", async (loop: EventLoop, n, message) => {
  await loop.runUntilComplete(spawnFailing(n, message));
});
