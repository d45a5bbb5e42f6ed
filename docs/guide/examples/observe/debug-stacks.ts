import { captureCallGraph, createTask, run, sleep, type Coroutine } from "@aio/asyncio";

function* readRecord(): Coroutine<string> {
  yield* sleep(2); // stands for a slow database
  return "record";
}

function* loadUser(): Coroutine<string> {
  return yield* readRecord();
}

function* main(): Coroutine<void> {
  const request = createTask(loadUser(), { name: "request" });
  yield* sleep(1);
  // In debug mode a generator task's every await records its chain of yield* levels.
  for (const frame of captureCallGraph(request)!.callStack) {
    if (!frame.fileName?.endsWith("debug-stacks.ts")) continue; // (frames inside @aio left out here)
    console.log(`${frame.kind} ${frame.name}, line ${frame.lineNumber}`);
  }
  yield* request;
}

await run(main, { debug: true });
// Output:
// generator readRecord, line 4
// generator loadUser, line 9
