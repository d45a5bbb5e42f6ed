// Seeds 000, 001, 002 and 003: calling a coroutine function runs none of its code; something must
// drive the coroutine it returns (a task, `run`, or an `await` / `yield*` in another coroutine).
import { createTask, isCoroutine, isCoroutineFunction, run, type Coroutine } from "@aio/asyncio";
import type { Example, Print } from "./support.js";

function* nested(): Coroutine<number> {
  return 42;
}

/** Generator style: `main()` makes a coroutine object; nothing runs until it is driven. */
export function* coroutinesDoNotRun(print: Print): Coroutine<void> {
  function* hello(): Coroutine<void> {
    print("hello");
  }
  print(`isCoroutineFunction(hello): ${isCoroutineFunction(hello)}`);
  const coro = hello();
  print(`hello() returned a coroutine (isCoroutine: ${isCoroutine(coro)}), and printed nothing`);
  nested(); // a coroutine nobody drives: it never runs at all
  print(`yield* nested(): ${yield* nested()}`);
  yield* coro; // driven now: prints "hello"
}

async function nestedAsync(): Promise<number> {
  return 42;
}

/**
 * Async-function style. In JavaScript, *calling* an async function runs it at once, up to its first
 * `await`; so \@aio takes the function itself, and a task calls it on its first step.
 */
export async function coroutinesDoNotRunAsync(print: Print): Promise<void> {
  async function hello(): Promise<void> {
    print("hello");
  }
  print(`isCoroutineFunction(hello): ${isCoroutineFunction(hello)}`);
  const task = createTask(hello); // the function, not hello()
  print("createTask(hello) made a task, and hello has not printed yet");
  print(`await nestedAsync(): ${await nestedAsync()}`);
  await task; // the task's first step ran hello
}

export const example: Example = {
  title: "Coroutines do not run until driven",
  lesson: "A coroutine function returns a coroutine object; only the loop (a task) or an await drives it.",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => coroutinesDoNotRunAsync(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => coroutinesDoNotRun(env.print), env)) },
  ],
};
