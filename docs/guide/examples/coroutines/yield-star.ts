import { Future, TestLoop, type Coroutine } from "@aio/asyncio";

const loop = new TestLoop();
const fut = new Future<string>({ loop });

function* reader(): Coroutine<string> {
  const value = yield* fut; // typed `string`
  return `got ${value}`;
}

// Drive the coroutine by hand, playing the part of a task.
const coro = reader();
// A pending future suspends the coroutine: `yield*` hands the future itself to whoever drives it.
const first = coro.next();
console.log(first.done, first.value === fut);
// A task would now wait for the future to finish, then resume the coroutine.
fut.setResult("hello");
console.log(coro.next());
loop.close();
// Output:
// false true
// { value: 'got hello', done: true }
