// Seeds 001 and 004: say_after(1, 'hello') then say_after(2, 'world'), awaited one after the other
// (3 seconds) and then as two tasks that run concurrently (2 seconds).
import { createTask, run, sleep, type Coroutine } from "@aio/asyncio";
import { clockTime, type Example, type Print } from "./support.js";

function* sayAfter(print: Print, delay: number, what: string): Coroutine<void> {
  yield* sleep(delay);
  print(what);
}

async function sayAfterAsync(print: Print, delay: number, what: string): Promise<void> {
  await sleep(delay);
  print(what);
}

/** Generator style, in sequence: 1 s + 2 s. */
export function* sayAfterSequential(print: Print): Coroutine<void> {
  print(`started at ${clockTime()}`);
  yield* sayAfter(print, 1, "hello");
  yield* sayAfter(print, 2, "world");
  print(`finished at ${clockTime()}`);
}

/** Async-function style, in sequence: 1 s + 2 s. */
export async function sayAfterSequentialAsync(print: Print): Promise<void> {
  print(`started at ${clockTime()}`);
  await sayAfterAsync(print, 1, "hello");
  await sayAfterAsync(print, 2, "world");
  print(`finished at ${clockTime()}`);
}

/** Generator style, as two tasks: both sleeps overlap, so 2 s in all. */
export function* sayAfterTasks(print: Print): Coroutine<void> {
  const task1 = createTask(sayAfter(print, 1, "hello"));
  const task2 = createTask(sayAfter(print, 2, "world"));
  print(`started at ${clockTime()}`);
  yield* task1;
  yield* task2;
  print(`finished at ${clockTime()}`);
}

/** Async-function style, as two tasks (each given a function to call, not a running promise). */
export async function sayAfterTasksAsync(print: Print): Promise<void> {
  const task1 = createTask(() => sayAfterAsync(print, 1, "hello"));
  const task2 = createTask(() => sayAfterAsync(print, 2, "world"));
  print(`started at ${clockTime()}`);
  await task1;
  await task2;
  print(`finished at ${clockTime()}`);
}

export const sequential: Example = {
  title: "say_after awaited in sequence",
  lesson: "Awaiting one coroutine after another adds their times up: 1 s + 2 s = 3 s.",
  programs: [
    { style: "generator", run: async (env) => void (await run(() => sayAfterSequential(env.print), env)) },
    { style: "async function", run: async (env) => void (await run(() => sayAfterSequentialAsync(env.print), env)) },
  ],
};

export const concurrent: Example = {
  title: "say_after as two tasks",
  lesson: "Tasks run concurrently: the two waits overlap, so it takes 2 s, not 3 s.",
  programs: [
    { style: "generator", run: async (env) => void (await run(() => sayAfterTasks(env.print), env)) },
    { style: "async function", run: async (env) => void (await run(() => sayAfterTasksAsync(env.print), env)) },
  ],
};
