import { Barrier, Condition, createTask, gather, run, sleep, type Coroutine } from "@aio/asyncio";

// Condition: wait until some state is true, with a lock around the state.
const cond = new Condition();
const stock: string[] = [];

function* buyer(): Coroutine<string> {
  return yield* cond.use(function* () {
    yield* cond.waitFor(() => stock.length > 0); // releases the lock while waiting
    return stock.shift()!;
  });
}

function* seller(item: string): Coroutine<void> {
  yield* cond.use(function* () {
    stock.push(item);
    cond.notify(); // wake one waiter; notifyAll() wakes all
  });
}

// Barrier: every party waits until all have arrived.
const barrier = new Barrier(3);

function* runner(name: string, seconds: number): Coroutine<void> {
  yield* sleep(seconds);
  const index = yield* barrier.wait(); // arrival order, 0 .. parties - 1
  console.log(`${name} arrived ${index + 1}${index === 0 ? "st" : index === 1 ? "nd" : "rd"}, all go`);
}

function* main(): Coroutine<void> {
  const bought = createTask(buyer());
  yield* sleep(1);
  yield* seller("lamp");
  console.log(`bought ${yield* bought}`);

  yield* gather([runner("x", 3), runner("y", 1), runner("z", 2)]);
  console.log(`barrier waiting: ${barrier.nWaiting}, broken: ${barrier.broken}`);
}

await run(main);
// Output:
// bought lamp
// x arrived 3rd, all go
// y arrived 1st, all go
// z arrived 2nd, all go
// barrier waiting: 0, broken: false
