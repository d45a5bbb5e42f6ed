import assert from "node:assert/strict";
import { TestLoop, sleep, type Coroutine } from "@aio/asyncio";

// Code under test: sends a heartbeat every 5 seconds.
const beats: number[] = [];
function* heartbeat(): Coroutine<void> {
  for (;;) {
    yield* sleep(5);
    beats.push(loop.time());
  }
}

// Without autojump the clock only moves when the test says so.
const loop = new TestLoop({ autojump: false });
const task = loop.createTask(heartbeat());

loop.runUntilIdle(); // run what is ready now (the task's first step); the clock stays at 0
assert.deepEqual(beats, []);

loop.advance(4.9); // runs everything due up to t=4.9, then leaves the clock there
assert.deepEqual(beats, []);
console.log(`t=${loop.time()}: ${beats.length} beats`);

loop.advance(0.1);
console.log(`t=${loop.time()}: beats at ${beats}`);

loop.advance(12);
console.log(`t=${loop.time()}: beats at ${beats}`);

// Clean up: cancel the task and let it finish, then close the loop.
task.cancel();
loop.runUntilIdle();
assert.ok(task.cancelled());
loop.close();
// Output:
// t=4.9: 0 beats
// t=5: beats at 5
// t=17: beats at 5,10,15
