// Seed 000: ensure_future() wraps a coroutine in a task, and gives a task (or future) back as is.
import { Task, createTask, ensureFuture, run, type Coroutine } from "@aio/asyncio";
import type { Example, Print } from "./support.js";

/** Generator style. */
export function* ensureFutureOnTask(print: Print): Coroutine<void> {
  function* main(): Coroutine<void> {}
  const task = createTask(main());
  print(`createTask(coro) is a Task: ${task instanceof Task}`);
  const fromCoro = ensureFuture(main());
  print(`ensureFuture(coro) is a Task: ${fromCoro instanceof Task}`);
  const mysteryMeat = ensureFuture(task);
  print(`ensureFuture(task) === task: ${mysteryMeat === task}`);
  yield* task;
  yield* fromCoro;
}

/** Async-function style: the function itself goes in (called by the task). */
export async function ensureFutureOnTaskAsync(print: Print): Promise<void> {
  async function main(): Promise<void> {}
  const task = createTask(main);
  print(`createTask(fn) is a Task: ${task instanceof Task}`);
  const fromFn = ensureFuture(main);
  print(`ensureFuture(fn) is a Task: ${fromFn instanceof Task}`);
  const mysteryMeat = ensureFuture(task);
  print(`ensureFuture(task) === task: ${mysteryMeat === task}`);
  await task;
  await fromFn;
}

export const example: Example = {
  title: "ensureFuture on a task",
  lesson: "ensureFuture turns a coroutine into a task, and returns a task or future unchanged.",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => ensureFutureOnTaskAsync(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => ensureFutureOnTask(env.print), env)) },
  ],
};
