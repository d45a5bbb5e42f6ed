import { CancelledError, createTask, run, shield, sleep, type Coroutine } from "@aio/asyncio";

function* save(): Coroutine<string> {
  yield* sleep(2);
  console.log("saved");
  return "ok";
}

function* handler(): Coroutine<string> {
  // The save must not be interrupted half-way, even if the handler is cancelled.
  return yield* shield(createTask(save()));
}

function* main(): Coroutine<void> {
  const request = createTask(handler());
  yield* sleep(1);
  request.cancel();
  try {
    yield* request;
  } catch (error) {
    console.log(`handler cancelled: ${error instanceof CancelledError}`);
  }
  yield* sleep(2); // the shielded save carries on meanwhile
}

await run(main);
// Output:
// handler cancelled: true
// saved
