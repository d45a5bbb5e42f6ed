// Seed 000: a coroutine is driven with send(None) / throw(exc); its return value arrives with
// StopIteration. In JavaScript the loop drives a generator coroutine with next() and throw(), and
// the return value arrives as `{ done: true, value }`. Cancellation is an error thrown in.
import { CancelledError, createTask, run, sleep, type Coroutine } from "@aio/asyncio";
import type { Example, Print } from "./support.js";

/** Generator style: drive two coroutines by hand, as the loop would. */
export function* drivingByHand(print: Print): Coroutine<void> {
  function* f(): Coroutine<number> {
    return 123;
  }
  const coro = f();
  const first = coro.next(); // Python: coro.send(None) raises StopIteration(123)
  print(`The answer was: ${first.value} (done: ${first.done})`);

  function* g(): Coroutine<number | undefined> {
    try {
      for (;;) yield* sleep(0); // sleep(0) is one bare yield: "give up one loop iteration"
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      print("I was cancelled!");
      return undefined;
    }
  }
  const looping = g();
  looping.next();
  looping.next();
  const last = looping.throw(new CancelledError()); // Python: coro.throw(CancelledError)
  print(`after throw: done=${last.done}, value=${String(last.value)}`);
  yield* sleep(0);
}

/**
 * Async-function style: an async function cannot be stepped by hand (it has no next/throw), but a
 * task drives it, and `task.cancel()` throws CancelledError in at the await it is suspended on.
 */
export async function drivingByHandAsync(print: Print): Promise<void> {
  async function f(): Promise<number> {
    return 123;
  }
  print(`The answer was: ${await createTask(f)}`);

  async function g(): Promise<number | undefined> {
    try {
      for (;;) await sleep(0);
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      print("I was cancelled!");
      return undefined;
    }
  }
  const task = createTask(g);
  await sleep(0);
  await sleep(0);
  task.cancel();
  const value = await task;
  print(`after cancel: done=${task.done()}, cancelled=${task.cancelled()}, value=${String(value)}`);
}

export const example: Example = {
  title: "Driving a coroutine by hand",
  lesson: "next()/throw() are Python's send()/throw(); a task does exactly this, and cancel() is a throw().",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => drivingByHandAsync(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => drivingByHand(env.print), env)) },
  ],
};
