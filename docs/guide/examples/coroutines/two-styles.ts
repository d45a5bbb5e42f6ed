import { createTask, run, sleep, type Coroutine } from "@aio/asyncio";

// The same kind of coroutine twice. An async function waits with `await` ...
async function triple(x: number): Promise<number> {
  await sleep(0.1);
  return 3 * x;
}

// ... a generator function with `yield*`. Every @aio awaitable supports both.
function* double(x: number): Coroutine<number> {
  yield* sleep(0.1);
  return 2 * x;
}

// The styles mix freely.
async function mainAsync(): Promise<number> {
  const a = await createTask(double(5)); // a generator coroutine, as a task of its own
  const b = await triple(5); // runs inside this task
  return a + b;
}

function* mainGenerator(): Coroutine<number> {
  const a = yield* double(5); // runs inside this task, like Python's `await double(5)`
  const b = yield* createTask(() => triple(5)); // an async function, as a task of its own
  return a + b;
}

// `run` takes an async function or a generator function *reference*: it calls it inside the
// main task, on the loop it has just started.
console.log(await run(mainAsync));
console.log(await run(mainGenerator));
// Output:
// 25
// 25
