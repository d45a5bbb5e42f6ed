import { EventLoop, ManualHost, VirtualClock, createTask, sleep, type Coroutine } from "@aio/asyncio";

// Embedding: the loop never wakes by itself; our own scheduler decides when it runs a turn and
// what time it is. ManualHost records the wake-up the loop asked for; fire() runs it.
const clock = new VirtualClock(0);
const host = new ManualHost();
const loop = new EventLoop({ clock, host });

function* worker(name: string, delay: number): Coroutine<void> {
  yield* sleep(delay);
  console.log(`${name} at t=${loop.time()}`);
}

const finished = loop.runUntilComplete(function* () {
  const tasks = [createTask(worker("a", 2)), createTask(worker("b", 1))];
  for (const t of tasks) yield* t;
  return "all done";
});

// The outer scheduler: whenever the loop asks to be woken after a delay, move the clock there.
let turns = 0;
let result: string | undefined;
finished.then((r) => (result = r));
while (result === undefined) {
  const wake = host.pending;
  if (wake === null) {
    await Promise.resolve(); // let promise reactions run; the loop will ask again
    continue;
  }
  if (wake.delay > 0) clock.set(clock.now() + wake.delay / 1000);
  host.fire();
  turns += 1;
  await Promise.resolve();
}
console.log(`${result} after ${turns} turns, t=${loop.time()}`);
loop.close();
// Output:
// b at t=1
// a at t=2
// all done after 2 turns, t=2
