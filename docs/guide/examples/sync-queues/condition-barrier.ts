import { Barrier, Condition, createTask, gather, run, sleep } from "@aio/asyncio";

// Condition: wait until some state is true, with a lock around the state.
const cond = new Condition();
const stock: string[] = [];

async function buyer(): Promise<string> {
  return await cond.use(async () => {
    await cond.waitFor(() => stock.length > 0); // releases the lock while waiting
    return stock.shift()!;
  });
}

async function seller(item: string): Promise<void> {
  await cond.use(async () => {
    stock.push(item);
    cond.notify(); // wake one waiter; notifyAll() wakes all
  });
}

// Barrier: every party waits until all have arrived.
const barrier = new Barrier(3);

async function runner(name: string, seconds: number): Promise<void> {
  await sleep(seconds);
  const index = await barrier.wait(); // arrival order, 0 .. parties - 1
  console.log(`${name} arrived ${index + 1}${index === 0 ? "st" : index === 1 ? "nd" : "rd"}, all go`);
}

async function main(): Promise<void> {
  const bought = createTask(buyer);
  await sleep(1);
  await seller("lamp");
  console.log(`bought ${await bought}`);

  await gather([() => runner("x", 3), () => runner("y", 1), () => runner("z", 2)]);
  console.log(`barrier waiting: ${barrier.nWaiting}, broken: ${barrier.broken}`);
}

await run(main);
// Output:
// bought lamp
// x arrived 3rd, all go
// y arrived 1st, all go
// z arrived 2nd, all go
// barrier waiting: 0, broken: false
