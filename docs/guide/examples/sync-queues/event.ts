import { Event, createTask, run, sleep } from "@aio/asyncio";

const ready = new Event();

async function waiter(name: string): Promise<void> {
  await ready.wait(); // suspends until the event is set (at once if it already is)
  console.log(`${name} proceeds`);
}

async function main(): Promise<void> {
  createTask(() => waiter("a"));
  createTask(() => waiter("b"));
  await sleep(1);
  console.log(`setting the event (isSet: ${ready.isSet()})`);
  ready.set(); // wakes every waiter
  await sleep(0);
  ready.clear(); // later waiters wait again
  console.log(`isSet after clear: ${ready.isSet()}`);
}

await run(main);
// Output:
// setting the event (isSet: false)
// a proceeds
// b proceeds
// isSet after clear: false
