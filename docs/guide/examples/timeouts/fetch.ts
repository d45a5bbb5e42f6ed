import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { TimeoutError, createTask, currentTask, fromPromise, run, sleep, timeout, waitFor } from "@aio/asyncio";

// A local server: /hang reads the request and never answers, /slow answers after 0.3 s.
const server = createServer((request, response) => {
  if (request.url === "/slow") setTimeout(() => response.end("late answer"), 300);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function main(): Promise<void> {
  // What goes wrong: fetch() is a foreign promise, not a cancellation point. At the deadline the
  // task is cancelled, but the cancellation cannot land until the body reaches an @aio await; here
  // it never does, so the block returns the answer late and without an error. Against /hang,
  // the same block would wait for ever.
  const late = await timeout(0.1, async (t) => {
    const text = await (await fetch(`${base}/slow`)).text();
    return `${text}; deadline passed: ${t.expired()}`;
  });
  console.log(`plain fetch: ${late}`);

  // The fix: fromPromise passes an AbortSignal that the cancellation aborts, and is itself an @aio
  // await. The block ends with TimeoutError at its deadline.
  try {
    await timeout(0.1, async () => {
      const response = await fromPromise((signal) => fetch(`${base}/hang`, { signal }));
      return await fromPromise(response.text());
    });
  } catch (error) {
    console.log(`timeout(): ${error instanceof TimeoutError ? "TimeoutError" : error}`);
  }

  // waitFor the same way: give it the wrapped wait, not a bare fetch() promise.
  try {
    await waitFor(fromPromise((signal) => fetch(`${base}/hang`, { signal })), 0.1);
  } catch (error) {
    console.log(`waitFor(): ${error instanceof TimeoutError ? "TimeoutError" : error}`);
  }

  // A task's own signal is aborted when the task is cancelled: enough for a task that ends then.
  const download = createTask(async () => {
    const response = await fetch(`${base}/hang`, { signal: currentTask()!.signal });
    return await response.text();
  });
  await sleep(0.1);
  download.cancel();
  try {
    await download;
  } catch (error) {
    console.log(`task with currentTask().signal: ${(error as Error).name}, cancelled(): ${download.cancelled()}`);
  }
}

try {
  await run(main);
} finally {
  server.closeAllConnections();
  server.close();
}
// Output:
// plain fetch: late answer; deadline passed: true
// timeout(): TimeoutError
// waitFor(): TimeoutError
// task with currentTask().signal: CancelledError, cancelled(): true
