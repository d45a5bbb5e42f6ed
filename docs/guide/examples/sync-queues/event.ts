import { Event, createTask, run, sleep, type Coroutine } from "@aio/asyncio";

const ready = new Event();

function* waiter(name: string): Coroutine<void> {
  yield* ready.wait(); // suspends until the event is set (at once if it already is)
  console.log(`${name} proceeds`);
}

function* main(): Coroutine<void> {
  createTask(waiter("a"));
  createTask(waiter("b"));
  yield* sleep(1);
  console.log(`setting the event (isSet: ${ready.isSet()})`);
  ready.set(); // wakes every waiter
  yield* sleep(0);
  ready.clear(); // later waiters wait again
  console.log(`isSet after clear: ${ready.isSet()}`);
}

await run(main);
// Output:
// setting the event (isSet: false)
// a proceeds
// b proceeds
// isSet after clear: false
