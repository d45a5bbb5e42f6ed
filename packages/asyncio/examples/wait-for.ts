// Seed 004 (Timeouts): waitFor(aw, timeout) cancels aw when the time is up and raises TimeoutError;
// shield() keeps the inner work running. timeout() is the block form.
import { TimeoutError, createTask, run, shield, sleep, timeout, waitFor, type Coroutine } from "@aio/asyncio";
import type { Example, Print } from "./support.js";

async function eternity(print: Print): Promise<void> {
  try {
    await sleep(3600);
    print("yay!");
  } finally {
    print("eternity() was cancelled");
  }
}

export async function waitForTimeout(print: Print): Promise<void> {
  try {
    await waitFor(() => eternity(print), 1);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print("timeout!");
  }
  const inner = createTask(async () => {
    await sleep(2);
    return "finished anyway";
  });
  try {
    await waitFor(shield(inner), 1);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print(`shielded: timed out, but the inner task ${await inner}`);
  }
  try {
    await timeout(0.5, async () => {
      await sleep(10);
    });
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print("timeout(0.5) block: TimeoutError");
  }
}

// The same program with generator coroutines.

function* eternityGen(print: Print): Coroutine<void> {
  try {
    yield* sleep(3600);
    print("yay!");
  } finally {
    print("eternity() was cancelled");
  }
}

/** Generator style: a generator coroutine is given to waitFor as it is. */
export function* waitForTimeoutGen(print: Print): Coroutine<void> {
  try {
    yield* waitFor(eternityGen(print), 1);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print("timeout!");
  }
  const inner = createTask(function* () {
    yield* sleep(2);
    return "finished anyway";
  });
  try {
    yield* waitFor(shield(inner), 1);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print(`shielded: timed out, but the inner task ${yield* inner}`);
  }
  try {
    yield* timeout(0.5, function* () {
      yield* sleep(10);
    });
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print("timeout(0.5) block: TimeoutError");
  }
}

export const example: Example = {
  title: "waitFor: a timeout",
  lesson: "waitFor cancels what it waits for when time is up, then raises TimeoutError; shield() protects the inner task.",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => waitForTimeout(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => waitForTimeoutGen(env.print), env)) },
  ],
};
