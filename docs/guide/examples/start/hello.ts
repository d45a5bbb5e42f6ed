import { createTask, run, sleep, type Coroutine } from "@aio/asyncio";

// A coroutine: a generator function. `yield*` is where Python writes `await`.
function* greet(name: string, delay: number): Coroutine<string> {
  yield* sleep(delay);
  console.log(`hello, ${name}`);
  return name.toUpperCase();
}

function* main(): Coroutine<void> {
  // Two tasks run concurrently on the loop: the whole program takes 2 seconds, not 3.
  const slow = createTask(greet("world", 2));
  const fast = createTask(greet("asyncio", 1));
  console.log(yield* slow, yield* fast);
}

await run(main);
// Output:
// hello, asyncio
// hello, world
// WORLD ASYNCIO
