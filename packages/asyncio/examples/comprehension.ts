// Seed 000: async comprehension over an async generator:
//   [x async for x in doubler(3)], {x: y async for x, y in doubler(3)}, {x async for x in doubler(3)}
// JavaScript's async generators and `for await` are the same idea; a generator coroutine consumes
// one through fromPromise().
import { fromPromise, run, sleep, type Coroutine } from "@aio/asyncio";
import type { Example, Print } from "./support.js";

/** The async generator: yields [i, i * 2], sleeping 0.1 s after each. */
export async function* doubler(n: number): AsyncGenerator<[number, number]> {
  for (let i = 0; i < n; i++) {
    yield [i, i * 2];
    await sleep(0.1);
  }
}

const show = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v instanceof Set ? [...v] : v));

/** Async-function style: `for await`. */
export async function asyncComprehensionAsync(print: Print): Promise<void> {
  const list: [number, number][] = [];
  for await (const x of doubler(3)) list.push(x);
  print(`list: ${show(list)}`);

  const dict: Record<number, number> = {};
  for await (const [x, y] of doubler(3)) dict[x] = y;
  print(`dict: ${show(dict)}`);

  const set = new Set<string>();
  for await (const x of doubler(3)) set.add(show(x));
  print(`set: ${show(set)}`);
}

/** Collects an async iterable from a generator coroutine, awaiting each step with fromPromise(). */
function* collect<T>(iterable: AsyncIterable<T>): Coroutine<T[]> {
  const it = iterable[Symbol.asyncIterator]();
  const out: T[] = [];
  for (let r = yield* fromPromise(it.next()); r.done !== true; r = yield* fromPromise(it.next())) out.push(r.value);
  return out;
}

/** Generator style: the same three comprehensions over the same async generator. */
export function* asyncComprehension(print: Print): Coroutine<void> {
  print(`list: ${show(yield* collect(doubler(3)))}`);
  print(`dict: ${show(Object.fromEntries(yield* collect(doubler(3))))}`);
  print(`set: ${show(new Set((yield* collect(doubler(3))).map((x) => show(x))))}`);
}

export const example: Example = {
  title: "Async comprehension over an async generator",
  lesson: "An async generator awaits between items; for await collects them (0.3 s per pass here).",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => asyncComprehensionAsync(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => asyncComprehension(env.print), env)) },
  ],
};
