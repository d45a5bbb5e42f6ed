import assert from "node:assert/strict";
import { TestLoop, createTask, gather, sleep } from "@aio/asyncio";

// Code under test: polls every 10 minutes, for an hour.
async function poll(log: number[]): Promise<number> {
  for (let i = 0; i < 6; i++) {
    await sleep(600);
    log.push(i);
  }
  return log.length;
}

// A TestLoop runs on a virtual clock that starts at 0. Whenever nothing is ready to run, it jumps
// straight to the next timer, so an hour of sleeping takes no real time at all.
const loop = new TestLoop();
const started = performance.now();
const log: number[] = [];
const polls = await loop.runUntilComplete(() => poll(log));

assert.equal(polls, 6);
assert.equal(loop.time(), 3600); // exactly: virtual time does not drift
console.log(`virtual time ${loop.time()} s, real time under 2 s: ${performance.now() - started < 2000}`);

// Same program, same order, on every run: ties are broken by scheduling order, never by chance.
const order = await loop.runUntilComplete(async () => {
  const seen: string[] = [];
  const worker = (name: string, delay: number) =>
    createTask(async () => {
      await sleep(delay);
      seen.push(name);
    });
  await gather([worker("b", 1), worker("a", 1), worker("c", 0.5)]);
  return seen;
});
assert.deepEqual(order, ["c", "b", "a"]);
console.log(order.join(" "));
loop.close();
// Output:
// virtual time 3600 s, real time under 2 s: true
// c b a
