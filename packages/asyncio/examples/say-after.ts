// Seeds 001 and 004: say_after(1, 'hello') then say_after(2, 'world'), awaited one after the other
// (3 seconds) and then as two tasks that run concurrently (2 seconds).
import { createTask, run, sleep, type Coroutine } from "@aio/asyncio";
import { clockTime, type Example, type Print } from "./support.js";

async function sayAfter(print: Print, delay: number, what: string): Promise<void> {
  await sleep(delay);
  print(what);
}

/** In sequence: 1 s + 2 s. */
export async function sayAfterSequential(print: Print): Promise<void> {
  print(`started at ${clockTime()}`);
  await sayAfter(print, 1, "hello");
  await sayAfter(print, 2, "world");
  print(`finished at ${clockTime()}`);
}

/** As two tasks (each given a function to call, not a running promise): the sleeps overlap, 2 s in all. */
export async function sayAfterTasks(print: Print): Promise<void> {
  const task1 = createTask(() => sayAfter(print, 1, "hello"));
  const task2 = createTask(() => sayAfter(print, 2, "world"));
  print(`started at ${clockTime()}`);
  await task1;
  await task2;
  print(`finished at ${clockTime()}`);
}

// The same programs with generator coroutines: `yield*` where the async functions `await`.

function* sayAfterGen(print: Print, delay: number, what: string): Coroutine<void> {
  yield* sleep(delay);
  print(what);
}

/** Generator style, in sequence: 1 s + 2 s. */
export function* sayAfterSequentialGen(print: Print): Coroutine<void> {
  print(`started at ${clockTime()}`);
  yield* sayAfterGen(print, 1, "hello");
  yield* sayAfterGen(print, 2, "world");
  print(`finished at ${clockTime()}`);
}

/** Generator style, as two tasks (a generator coroutine can be given as it is: calling it runs nothing). */
export function* sayAfterTasksGen(print: Print): Coroutine<void> {
  const task1 = createTask(sayAfterGen(print, 1, "hello"));
  const task2 = createTask(sayAfterGen(print, 2, "world"));
  print(`started at ${clockTime()}`);
  yield* task1;
  yield* task2;
  print(`finished at ${clockTime()}`);
}

export const sequential: Example = {
  title: "say_after awaited in sequence",
  lesson: "Awaiting one coroutine after another adds their times up: 1 s + 2 s = 3 s.",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => sayAfterSequential(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => sayAfterSequentialGen(env.print), env)) },
  ],
};

export const concurrent: Example = {
  title: "say_after as two tasks",
  lesson: "Tasks run concurrently: the two waits overlap, so it takes 2 s, not 3 s.",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => sayAfterTasks(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => sayAfterTasksGen(env.print), env)) },
  ],
};
