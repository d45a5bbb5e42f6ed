import { createTask, isCoroutineFunction, run, sleep } from "@aio/asyncio";

async function greet(name: string): Promise<string> {
  console.log(`greet(${name}) starts`);
  await sleep(0.1);
  return `hello, ${name}`;
}

async function main(): Promise<void> {
  console.log(`isCoroutineFunction(greet): ${isCoroutineFunction(greet)}`);

  // Awaiting a call runs the other coroutine inside this task: Python's `await greet("inline")`.
  console.log(await greet("inline"));

  // A new task gets the function to call, not its promise: the task calls it on its first step,
  // so the code runs inside the task and starts only when the loop gets to it.
  const task = createTask(() => greet("task"));
  console.log("task created; greet has not started yet");
  console.log(await task);
}

await run(main);
// Output:
// isCoroutineFunction(greet): true
// greet(inline) starts
// hello, inline
// task created; greet has not started yet
// greet(task) starts
// hello, task
