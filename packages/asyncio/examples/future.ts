// Seed 000: a Future completed by another task. The program makes its own loop and runs it with
// runUntilComplete(fut), as the seed does with loop.run_until_complete(fut).
import { Future, sleep, type Coroutine, type EventLoop } from "@aio/asyncio";
import type { Env, Example, Print } from "./support.js";

/** Generator style: the task sleeps, then completes the future it was given. */
export function* finishLater(fut: Future<string>): Coroutine<void> {
  yield* sleep(1);
  fut.setResult("I have finished.");
}

/** Async-function style of the same task. */
export async function finishLaterAsync(fut: Future<string>): Promise<void> {
  await sleep(1);
  fut.setResult("I have finished.");
}

async function program(loop: EventLoop, print: Print, style: "generator" | "async function"): Promise<void> {
  const fut = loop.createFuture<string>();
  print(`fut.done(): ${fut.done()}`);
  loop.createTask(style === "generator" ? finishLater(fut) : () => finishLaterAsync(fut));
  print(`runUntilComplete(fut): ${await loop.runUntilComplete(fut)}`);
  print(`fut.done(): ${fut.done()}`);
  print(`fut.result(): ${fut.result()}`);
  // The seed's notebook hit "This event loop is already running": the same misuse here is a rejection.
  const misuse = await loop.runUntilComplete(function* () {
    return loop.runUntilComplete(fut).then(() => "ran", (e: Error) => e.message);
  });
  print(`runUntilComplete() inside the running loop: ${await misuse}`);
}

async function runOnOwnLoop(env: Env, style: "generator" | "async function"): Promise<void> {
  const loop = env.loopFactory();
  try {
    await program(loop, env.print, style);
  } finally {
    loop.close();
  }
}

export const example: Example = {
  title: "A Future completed by another task",
  lesson: "A Future is a result that someone else sets; awaiting it (or runUntilComplete) waits for that.",
  programs: [
    { style: "async function", run: (env) => runOnOwnLoop(env, "async function") },
    { style: "generator", run: (env) => runOnOwnLoop(env, "generator") },
  ],
};
