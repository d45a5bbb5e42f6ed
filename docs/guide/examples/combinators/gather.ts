import { createTask, gather, run, sleep, type Coroutine } from "@aio/asyncio";

function* fetchUser(id: number): Coroutine<{ id: number; name: string }> {
  yield* sleep(1);
  return { id, name: `user${id}` };
}

function* countPosts(id: number): Coroutine<number> {
  yield* sleep(2);
  return id * 3;
}

function* fail(after: number): Coroutine<never> {
  yield* sleep(after);
  throw new Error(`failed after ${after} s`);
}

function* main(): Coroutine<void> {
  // Runs everything concurrently; the result is a tuple typed element by element
  // ([{ id: number; name: string }, number, string] here), in argument order.
  const [user, posts, greeting] = yield* gather([fetchUser(7), countPosts(7), sleep(0.5, "hi")]);
  console.log(user.name, posts, greeting);

  // The first error is thrown at the caller; the other children keep running.
  const slow = createTask(countPosts(1));
  try {
    yield* gather([fail(1), slow]);
  } catch (error) {
    console.log(`${error}; slow task still running: ${!slow.done()}`);
  }
  yield* slow;

  // With returnExceptions, errors take their place in the results instead.
  const results = yield* gather([fail(1), countPosts(2)], { returnExceptions: true });
  console.log(results.map((r) => (r instanceof Error ? `error: ${r.message}` : `ok: ${r}`)));
}

await run(main);
// Output:
// user7 21 hi
// Error: failed after 1 s; slow task still running: true
// [ 'error: failed after 1 s', 'ok: 6' ]
