import { asCompleted, run, sleep, type Coroutine } from "@aio/asyncio";

function* download(name: string, seconds: number): Coroutine<string> {
  yield* sleep(seconds);
  return `${name} (${seconds} s)`;
}

function* main(): Coroutine<void> {
  const downloads = [download("a", 3), download("b", 1), download("c", 2)];
  // Handle results in the order they arrive, not the order they were started.
  for (const next of asCompleted(downloads)) {
    console.log(yield* next);
  }
}

await run(main);
// Output:
// b (1 s)
// c (2 s)
// a (3 s)
