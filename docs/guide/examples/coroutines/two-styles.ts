import { createTask, run, sleep, type Coroutine } from "@aio/asyncio";

// The same kind of coroutine twice. A generator function waits with `yield*` ...
function* double(x: number): Coroutine<number> {
  yield* sleep(0.1);
  return 2 * x;
}

// ... an async function with `await`. Every @aio awaitable supports both.
async function triple(x: number): Promise<number> {
  await sleep(0.1);
  return 3 * x;
}

// The styles mix freely.
function* mainGenerator(): Coroutine<number> {
  const a = yield* double(5); // runs inside this task, like Python's `await double(5)`
  const b = yield* createTask(() => triple(5)); // an async function, as a task of its own
  return a + b;
}

async function mainAsync(): Promise<number> {
  const a = await createTask(double(5)); // a generator coroutine, as a task of its own
  const b = await triple(5);
  return a + b;
}

// `run` takes a generator function or an async function *reference*: it calls it inside the
// main task, on the loop it has just started.
console.log(await run(mainGenerator));
console.log(await run(mainAsync));
// Output:
// 25
// 25
