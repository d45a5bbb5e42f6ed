import { Runner, sleep, type Coroutine } from "@aio/asyncio";

function* step(name: string): Coroutine<string> {
  yield* sleep(0.1);
  return `${name} done`;
}

// A Runner keeps one loop for several top-level calls (Python's asyncio.Runner).
const runner = new Runner();
try {
  const loop = runner.getLoop();
  console.log(await runner.run(step("first")));
  console.log(await runner.run(step("second")));
  console.log(`same loop both times: ${runner.getLoop() === loop}`);
} finally {
  await runner.close(); // cancels leftover tasks and closes the loop
}
// Output:
// first done
// second done
// same loop both times: true
