import { ProcessPoolExecutor, ThreadPoolExecutor, fromModule, fromPromise, run, wrapFuture, type Coroutine } from "@aio/asyncio";

function* main(): Coroutine<void> {
  const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  try {
    // submit() gives a ConcurrentFuture: loop-independent, like concurrent.futures.Future.
    // It is PromiseLike; wrapFuture() makes it an @aio Future on the running loop.
    const cf = pool.submit((n: number) => n * n, 12);
    console.log(yield* wrapFuture(cf), cf.done());

    // A function that uses a variable from outside its body is refused at once, by name.
    const factor = 3;
    try {
      pool.submit((x: number) => x * factor, 2);
    } catch (error) {
      console.log(`refused: ${(error as Error).message.split(". ")[0]}`);
    }

    // A module task: the worker imports the module and calls the export.
    const digest = fromModule<(text: string) => string>(new URL("./jobs.mjs", import.meta.url), "digest");
    console.log(yield* wrapFuture(pool.submit(digest, "hello")));

    // An error thrown by a job reaches its future with its class and message.
    try {
      yield* wrapFuture(pool.submit((s: string) => JSON.parse(s), "{oops"));
    } catch (error) {
      console.log(`job failed: ${(error as Error).name}`);
    }
  } finally {
    yield* fromPromise(pool.shutdown()); // a Promise: waits for running jobs, then stops the workers
  }

  // Processes instead of threads: same interface, fully separate memory.
  const processes = new ProcessPoolExecutor({ maxWorkers: 1 });
  try {
    console.log(yield* wrapFuture(processes.submit(() => typeof process.pid)));
  } finally {
    yield* fromPromise(processes.shutdown());
  }
}

await run(main);
// Output:
// 144 true
// refused: ThreadPoolExecutor.submit(fn): fn uses "factor", defined outside its body
// 2cf24dba5fb0
// job failed: SyntaxError
// number
