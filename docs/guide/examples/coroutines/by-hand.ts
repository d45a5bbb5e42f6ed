import { isCoroutine, isCoroutineFunction, type Coroutine } from "@aio/asyncio";

function* answer(): Coroutine<number> {
  console.log("running");
  return 42;
}

// A generator function is a coroutine function; calling it runs none of its code.
console.log(isCoroutineFunction(answer));
const coro = answer();
console.log(isCoroutine(coro));

// The loop starts a coroutine by sending it nothing: `next()` is Python's `coro.send(None)`.
// A coroutine that returns reports `done: true` with the value, where Python raises StopIteration.
console.log(coro.next());
// Output:
// true
// true
// running
// { value: 42, done: true }
