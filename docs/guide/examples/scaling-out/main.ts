import { TimeoutError, fromModule, getRunningLoop, jobSignal, run, waitFor } from "@aio/asyncio";
import { BullMQExecutor } from "@aio/executor-bullmq";

// Where Redis is. The workers were started with the same URL and queue name (run.sh).
const connection = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379";

async function main(): Promise<void> {
  // `await using`: at the end of the block, wait for our jobs and close the connections.
  await using executor = new BullMQExecutor({ connection, queue: "guide" });
  const loop = getRunningLoop();

  // The same call as with a local pool; the job travels through Redis to a worker process.
  console.log(await loop.runInExecutor(executor, (a: number, b: number) => a * b, 6, 7));

  // map() puts every job on the queue in one batch and yields the results in input order.
  const slowSquare = async (n: number): Promise<[number, number]> => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return [n * n, process.pid];
  };
  let total = 0;
  const workers = new Set<number>();
  for await (const [square, pid] of executor.map(slowSquare, Array.from({ length: 20 }, (_, i) => i))) {
    total += square;
    workers.add(pid);
  }
  console.log(`sum of squares: ${total}, computed by ${workers.size} worker processes`);

  // A module task: each worker imports the module from the same path.
  const digest = fromModule<(text: string) => string>(new URL("./jobs.mjs", import.meta.url), "digest");
  console.log(await loop.runInExecutor(executor, digest, "hello"));

  // An error thrown by a job arrives with its class, message and stack.
  try {
    await loop.runInExecutor(executor, (text: string) => JSON.parse(text), "{oops");
  } catch (error) {
    console.log(`job failed: ${(error as Error).name}`);
  }

  // Cancelling the wait stops the job on whichever worker runs it: its jobSignal() is aborted.
  const patient = (): Promise<string> =>
    new Promise((resolve) => jobSignal().addEventListener("abort", () => resolve("stopped"), { once: true }));
  try {
    await waitFor(loop.runInExecutor(executor, patient), 0.5);
  } catch (error) {
    console.log(error instanceof TimeoutError ? "gave up after 0.5 s; the job was stopped" : String(error));
  }
}

await run(main);
// Output:
// 42
// sum of squares: 2470, computed by 2 worker processes
// 2cf24dba5fb0
// job failed: SyntaxError
// gave up after 0.5 s; the job was stopped
