import { ProcessPoolExecutor, ThreadPoolExecutor, fromModule, run, wrapFuture } from "@aio/asyncio";

async function main(): Promise<void> {
  {
    // `await using` shuts the pool down where the block ends: Python's
    // `with ThreadPoolExecutor(max_workers=2) as pool:`.
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });

    // submit() gives a ConcurrentFuture: loop-independent, like concurrent.futures.Future.
    // wrapFuture() makes it an @aio Future on the running loop: a cancellation point whose
    // cancellation also stops the job.
    const cf = pool.submit((n: number) => n * n, 12);
    console.log(await wrapFuture(cf), cf.done());

    // A function that uses a variable from outside its body is refused at once, by name.
    const factor = 3;
    try {
      pool.submit((x: number) => x * factor, 2);
    } catch (error) {
      console.log(`refused: ${(error as Error).message.split(". ")[0]}`);
    }

    // A module task: the worker imports the module and calls the export.
    const digest = fromModule<(text: string) => string>(new URL("./jobs.mjs", import.meta.url), "digest");
    console.log(await wrapFuture(pool.submit(digest, "hello")));

    // An error thrown by a job reaches its future with its class and message.
    try {
      await wrapFuture(pool.submit((s: string) => JSON.parse(s), "{oops"));
    } catch (error) {
      console.log(`job failed: ${(error as Error).name}`);
    }
  }

  // Processes instead of threads: same interface, fully separate memory. Without `await using`,
  // shut the pool down yourself; shutdown() waits for running jobs, then stops the workers.
  const processes = new ProcessPoolExecutor({ maxWorkers: 1 });
  try {
    console.log(await wrapFuture(processes.submit(() => typeof process.pid)));
  } finally {
    await processes.shutdown();
  }
}

await run(main);
// Output:
// 144 true
// refused: ThreadPoolExecutor.submit(fn): fn uses "factor", defined outside its body
// 2cf24dba5fb0
// job failed: SyntaxError
// number
