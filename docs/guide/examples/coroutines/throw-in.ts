import { CancelledError, type Coroutine } from "@aio/asyncio";

function* worker(): Coroutine<string> {
  try {
    for (;;) yield; // a bare `yield` gives up one loop iteration
  } catch (error) {
    console.log(`caught ${(error as Error).name}: ${(error as Error).message}`);
    return "cleaned up";
  }
}

const coro = worker();
coro.next(); // runs to the first `yield`
coro.next(); // and round the loop once more
// `throw()` is Python's `coro.throw()`: the error appears at the suspended `yield`.
// This is exactly how a task delivers cancellation to its coroutine.
console.log(coro.throw(new CancelledError("stop now")));
// Output:
// caught CancelledError: stop now
// { value: 'cleaned up', done: true }
