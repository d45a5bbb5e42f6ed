import { Semaphore, gather, run, sleep } from "@aio/asyncio";

const slots = new Semaphore(2); // at most two downloads at a time
let active = 0;
let most = 0;

async function download(n: number): Promise<number> {
  return await slots.use(async () => {
    active += 1;
    most = Math.max(most, active);
    await sleep(1);
    active -= 1;
    return n;
  });
}

async function main(): Promise<void> {
  const results = await gather([1, 2, 3, 4, 5].map((n) => () => download(n)));
  console.log(`results ${results}; at most ${most} at once`);
}

await run(main);
// Output:
// results 1,2,3,4,5; at most 2 at once
