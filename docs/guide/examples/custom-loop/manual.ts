import { EventLoop, ManualHost, VirtualClock, createTask, sleep } from "@aio/asyncio";

// Embedding: the loop never wakes by itself; our own scheduler decides when it runs a turn and
// what time it is. ManualHost records the wake-up the loop asked for; fire() runs it.
const clock = new VirtualClock(0);
const host = new ManualHost();
const loop = new EventLoop({ clock, host });

async function worker(name: string, delay: number): Promise<void> {
  await sleep(delay);
  console.log(`${name} at t=${loop.time()}`);
}

const finished = loop.runUntilComplete(async () => {
  const tasks = [createTask(() => worker("a", 2)), createTask(() => worker("b", 1))];
  for (const t of tasks) await t;
  return "all done";
});

// The outer scheduler: whenever the loop asks to be woken after a delay, move the clock there.
let turns = 0;
let result: string | undefined;
finished.then((r) => (result = r));
// Between two turns, let every pending promise reaction run (a host turn is a macrotask): an
// async function resumes only from a microtask, and its step belongs to the turn that woke it.
const settle = () => new Promise((resolve) => setImmediate(resolve));
while (result === undefined) {
  await settle();
  const wake = host.pending;
  if (wake === null) continue; // nothing asked yet: the loop will ask again
  if (wake.delay > 0) clock.set(clock.now() + wake.delay / 1000);
  host.fire();
  turns += 1;
}
console.log(`${result} after ${turns} turns, t=${loop.time()}`);
loop.close();
// Output:
// b at t=1
// a at t=2
// all done after 2 turns, t=2
