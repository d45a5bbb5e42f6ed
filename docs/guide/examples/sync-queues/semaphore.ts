import { Semaphore, gather, run, sleep, type Coroutine } from "@aio/asyncio";

const slots = new Semaphore(2); // at most two downloads at a time
let active = 0;
let most = 0;

function* download(n: number): Coroutine<number> {
  return yield* slots.use(function* () {
    active += 1;
    most = Math.max(most, active);
    yield* sleep(1);
    active -= 1;
    return n;
  });
}

function* main(): Coroutine<void> {
  const results = yield* gather([1, 2, 3, 4, 5].map((n) => download(n)));
  console.log(`results ${results}; at most ${most} at once`);
}

await run(main);
// Output:
// results 1,2,3,4,5; at most 2 at once
