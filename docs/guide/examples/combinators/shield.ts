import { CancelledError, createTask, run, shield, sleep } from "@aio/asyncio";

async function save(): Promise<string> {
  await sleep(2);
  console.log("saved");
  return "ok";
}

async function handler(): Promise<string> {
  // The save must not be interrupted half-way, even if the handler is cancelled.
  return await shield(createTask(save));
}

async function main(): Promise<void> {
  const request = createTask(handler);
  await sleep(1);
  request.cancel();
  try {
    await request;
  } catch (error) {
    console.log(`handler cancelled: ${error instanceof CancelledError}`);
  }
  await sleep(2); // the shielded save carries on meanwhile
}

await run(main);
// Output:
// handler cancelled: true
// saved
