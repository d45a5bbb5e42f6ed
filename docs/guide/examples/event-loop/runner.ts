import { Runner, sleep } from "@aio/asyncio";

async function step(name: string): Promise<string> {
  await sleep(0.1);
  return `${name} done`;
}

// A Runner keeps one loop for several top-level calls (Python's `with asyncio.Runner() as runner:`).
// `await using` closes it at the end of the block: leftover tasks are cancelled, the loop closed.
{
  await using runner = new Runner();
  const loop = runner.getLoop();
  console.log(await runner.run(() => step("first")));
  console.log(await runner.run(() => step("second")));
  console.log(`same loop both times: ${runner.getLoop() === loop}`);
}

// Without `await using`, close it yourself.
const runner = new Runner();
try {
  console.log(await runner.run(() => step("third")));
} finally {
  await runner.close();
}
// Output:
// first done
// second done
// same loop both times: true
// third done
