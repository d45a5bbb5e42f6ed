import { createTask, gather, run, sleep } from "@aio/asyncio";

async function fetchUser(id: number): Promise<{ id: number; name: string }> {
  await sleep(1);
  return { id, name: `user${id}` };
}

async function countPosts(id: number): Promise<number> {
  await sleep(2);
  return id * 3;
}

async function fail(after: number): Promise<never> {
  await sleep(after);
  throw new Error(`failed after ${after} s`);
}

async function main(): Promise<void> {
  // Runs everything concurrently; the result is a tuple typed element by element
  // ([{ id: number; name: string }, number, string] here), in argument order.
  // Async functions go in as functions to call: each becomes a task.
  const [user, posts, greeting] = await gather([() => fetchUser(7), () => countPosts(7), sleep(0.5, "hi")]);
  console.log(user.name, posts, greeting);

  // The first error is thrown at the caller; the other children keep running.
  const slow = createTask(() => countPosts(1));
  try {
    await gather([() => fail(1), slow]);
  } catch (error) {
    console.log(`${error}; slow task still running: ${!slow.done()}`);
  }
  await slow;

  // With returnExceptions, errors take their place in the results instead.
  const results = await gather([() => fail(1), () => countPosts(2)], { returnExceptions: true });
  console.log(results.map((r) => (r instanceof Error ? `error: ${r.message}` : `ok: ${r}`)));
}

await run(main);
// Output:
// user7 21 hi
// Error: failed after 1 s; slow task still running: true
// [ 'error: failed after 1 s', 'ok: 6' ]
