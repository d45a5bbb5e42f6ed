// Seed 002 (run_in_executor): blocking I/O in the default thread pool and in a custom one, and
// CPU-bound work in a process pool, awaited from coroutines. The jobs run in other threads and
// processes, so they are self-contained functions (sent by their source text).
import { ProcessPoolExecutor, ThreadPoolExecutor, fromPromise, getRunningLoop, run, type Coroutine } from "@aio/asyncio";
import type { Example, Print } from "./support.js";

/** File operations block: run them in a thread pool. Reads 100 bytes of randomness. */
export function blockingIo(): Uint8Array {
  const fs = require("node:fs") as typeof import("node:fs");
  const fd = fs.openSync("/dev/urandom", "r");
  try {
    const buf = new Uint8Array(100);
    fs.readSync(fd, buf, 0, 100, null);
    return buf;
  } finally {
    fs.closeSync(fd);
  }
}

/** CPU-bound work blocks the loop: run it in a process pool. The sum of i*i for i < n, exactly. */
export function cpuBound(n: number): string {
  let sum = 0n;
  for (let i = 0n; i < BigInt(n); i++) sum += i * i;
  return sum.toString();
}

const N = 1_000_000;

/** `await using` shuts the pools down at the end of each block. */
export async function runInExecutor(print: Print): Promise<void> {
  const loop = getRunningLoop();
  // 1. The loop's default executor (a ThreadPoolExecutor made on first use).
  const bytes = await loop.runInExecutor(null, blockingIo);
  print(`default thread pool: ${bytes.length} bytes`);
  // 2. A custom thread pool.
  {
    await using threads = new ThreadPoolExecutor({ maxWorkers: 2 });
    const more = await loop.runInExecutor(threads, blockingIo);
    print(`custom thread pool: ${more.length} bytes`);
  }
  // 3. A process pool for CPU-bound work.
  {
    await using processes = new ProcessPoolExecutor({ maxWorkers: 1 });
    print(`custom process pool: ${await loop.runInExecutor(processes, cpuBound, N)}`);
  }
}

/** Generator style: the pools are shut down in `finally` blocks. */
export function* runInExecutorGen(print: Print): Coroutine<void> {
  const loop = getRunningLoop();
  // 1. The loop's default executor (a ThreadPoolExecutor made on first use).
  const bytes = yield* loop.runInExecutor(null, blockingIo);
  print(`default thread pool: ${bytes.length} bytes`);
  // 2. A custom thread pool.
  const threads = new ThreadPoolExecutor({ maxWorkers: 2 });
  try {
    const more = yield* loop.runInExecutor(threads, blockingIo);
    print(`custom thread pool: ${more.length} bytes`);
  } finally {
    yield* fromPromise(threads.shutdown());
  }
  // 3. A process pool for CPU-bound work.
  const processes = new ProcessPoolExecutor({ maxWorkers: 1 });
  try {
    print(`custom process pool: ${yield* loop.runInExecutor(processes, cpuBound, N)}`);
  } finally {
    yield* fromPromise(processes.shutdown());
  }
}

export const example: Example = {
  title: "Running blocking code in executors",
  lesson: "runInExecutor hands blocking or CPU-bound work to threads or processes and gives back a future.",
  programs: [
    { style: "async function", run: async (env) => void (await run(() => runInExecutor(env.print), env)) },
    { style: "generator", run: async (env) => void (await run(() => runInExecutorGen(env.print), env)) },
  ],
};
