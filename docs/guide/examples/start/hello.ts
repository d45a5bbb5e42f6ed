import { createTask, run, sleep } from "@aio/asyncio";

// A coroutine is an async function; `await` is where it can pause and let others run.
async function greet(name: string, delay: number): Promise<string> {
  await sleep(delay);
  console.log(`hello, ${name}`);
  return name.toUpperCase();
}

async function main(): Promise<void> {
  // Two tasks run concurrently on the loop: the whole program takes 2 seconds, not 3.
  // A task is given the function to call (here a closure), not a promise already running.
  const slow = createTask(() => greet("world", 2));
  const fast = createTask(() => greet("asyncio", 1));
  console.log(await slow, await fast);
}

// Python's asyncio.run(main()): pass the function itself; run() calls it inside the main task.
await run(main);
// Output:
// hello, asyncio
// hello, world
// WORLD ASYNCIO
