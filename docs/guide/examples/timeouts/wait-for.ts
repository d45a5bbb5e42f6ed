import { TimeoutError, createTask, run, sleep, waitFor } from "@aio/asyncio";

async function query(seconds: number): Promise<string> {
  try {
    await sleep(seconds);
    return `answer after ${seconds} s`;
  } finally {
    console.log(`query(${seconds}) exits`);
  }
}

async function main(): Promise<void> {
  // In time: waitFor gives the result. A function is called inside this task.
  console.log(await waitFor(() => query(1), 5));

  // Too slow: the query is cancelled (its cleanup runs first), then TimeoutError is thrown.
  const slow = createTask(() => query(10));
  try {
    await waitFor(slow, 2);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    console.log(`timed out; query cancelled: ${slow.cancelled()}`);
  }

  // null means no limit.
  console.log(await waitFor(() => query(3), null));
}

await run(main);
// Output:
// query(1) exits
// answer after 1 s
// query(10) exits
// timed out; query cancelled: true
// query(3) exits
// answer after 3 s
