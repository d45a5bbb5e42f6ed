// Seeds 003 and 004 (gather): display_time() and print_nums() run concurrently, gathered; the seed
// lets them run forever, so here waitFor stops them after 7 seconds. Then what gather returns: the
// results in argument order, and errors as values with returnExceptions.
import { TimeoutError, createTask, gather, getRunningLoop, run, sleep, waitFor, type Coroutine } from "@aio/asyncio";
import type { Example, Print } from "./support.js";

async function displayTime(print: Print): Promise<never> {
  const loop = getRunningLoop();
  const start = loop.time();
  for (;;) {
    const dur = Math.floor(loop.time() - start + 1e-9);
    if (dur % 3 === 0) print(`${dur} seconds have passed...`);
    await sleep(1);
  }
}

async function printNums(print: Print): Promise<never> {
  for (let num = 1; ; num++) {
    print(String(num));
    await sleep(0.5);
  }
}

async function compute(print: Print, name: string, delay: number): Promise<string> {
  await sleep(delay);
  print(`${name} done after ${delay} s`);
  return name;
}

async function fail(delay: number): Promise<never> {
  await sleep(delay);
  throw new RangeError("bad input");
}

/** gather takes tasks, futures, async-function references (each becomes a task) or generator coroutines. */
export async function gatherConcurrently(print: Print): Promise<void> {
  const task1 = createTask(() => displayTime(print));
  const task2 = createTask(() => printNums(print));
  try {
    await waitFor(gather([task1, task2]), 7);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print(`stopped after 7 s: cancelled=${task1.cancelled()},${task2.cancelled()}`);
  }
  const results = await gather([() => compute(print, "slow", 2), () => compute(print, "fast", 1)]);
  print(`results in argument order: ${JSON.stringify(results)}`);
  const settled = await gather([() => fail(1), () => compute(print, "fine", 1)], { returnExceptions: true });
  print(`with returnExceptions: ${settled.map((r) => (r instanceof Error ? `${r.name}: ${r.message}` : r)).join(", ")}`);
}

// The same program with generator coroutines.

function* displayTimeGen(print: Print): Coroutine<never> {
  const loop = getRunningLoop();
  const start = loop.time();
  for (;;) {
    const dur = Math.floor(loop.time() - start + 1e-9);
    if (dur % 3 === 0) print(`${dur} seconds have passed...`);
    yield* sleep(1);
  }
}

function* printNumsGen(print: Print): Coroutine<never> {
  for (let num = 1; ; num++) {
    print(String(num));
    yield* sleep(0.5);
  }
}

function* computeGen(print: Print, name: string, delay: number): Coroutine<string> {
  yield* sleep(delay);
  print(`${name} done after ${delay} s`);
  return name;
}

function* failGen(delay: number): Coroutine<never> {
  yield* sleep(delay);
  throw new RangeError("bad input");
}

/** Generator style: a generator coroutine goes to createTask and gather as it is. */
export function* gatherConcurrentlyGen(print: Print): Coroutine<void> {
  const task1 = createTask(displayTimeGen(print));
  const task2 = createTask(printNumsGen(print));
  try {
    yield* waitFor(gather([task1, task2]), 7);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print(`stopped after 7 s: cancelled=${task1.cancelled()},${task2.cancelled()}`);
  }
  const results = yield* gather([computeGen(print, "slow", 2), computeGen(print, "fast", 1)]);
  print(`results in argument order: ${JSON.stringify(results)}`);
  const settled = yield* gather([failGen(1), computeGen(print, "fine", 1)], { returnExceptions: true });
  print(`with returnExceptions: ${settled.map((r) => (r instanceof Error ? `${r.name}: ${r.message}` : r)).join(", ")}`);
}

export const example: Example = {
  title: "gather: running coroutines concurrently",
  lesson: "gather runs its children at once and collects their results in argument order.",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => gatherConcurrently(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => gatherConcurrentlyGen(env.print), env)) },
  ],
};
