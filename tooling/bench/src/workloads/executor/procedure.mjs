// The executor measurement, shared by every row so each pool is timed the same way.
// A row supplies an adapter: make(workers) → pool, noop(pool) → Promise, fib(pool, n) → Promise,
// close(pool) → Promise.
//
// 1. start-up: build a 2-worker pool and wait for the first no-op result (timed apart);
// 2. dispatch: after a warm-up that starts both workers, N no-op jobs submitted at once,
//    time until all results are in (the reported ns/op);
// 3. CPU-bound: `jobs` × fib(30) on a fresh 1-worker pool, then on a fresh 2-worker pool.
import { gc, now, report, sizeFromArgs, parseArgs } from "../../harness.mjs";

export async function measureExecutor(system, adapter) {
  const quick = parseArgs().quick;
  const n = sizeFromArgs(20_000);
  const fibJobs = quick ? 4 : 16;
  const fibN = 30;

  let start = now();
  const pool = await adapter.make(2);
  await adapter.noop(pool);
  const startupSeconds = now() - start;

  const warm = [];
  for (let i = 0; i < Math.max(200, Math.floor(n / 10)); i++) warm.push(adapter.noop(pool));
  await Promise.all(warm);
  gc();
  start = now();
  const jobs = [];
  for (let i = 0; i < n; i++) jobs.push(adapter.noop(pool));
  await Promise.all(jobs);
  const dispatchSeconds = now() - start;
  await adapter.close(pool);

  const fibSeconds = {};
  for (const workers of [1, 2]) {
    const fibPool = await adapter.make(workers);
    const warmFib = [];
    for (let i = 0; i < workers; i++) warmFib.push(adapter.fib(fibPool, 20));
    await Promise.all(warmFib);
    start = now();
    const results = [];
    for (let i = 0; i < fibJobs; i++) results.push(adapter.fib(fibPool, fibN));
    const values = await Promise.all(results);
    fibSeconds[workers] = now() - start;
    if (values.some((v) => v !== 832040)) throw new Error(`fib(30) returned ${values[0]}`);
    await adapter.close(fibPool);
  }

  report({
    workload: "executor",
    system,
    n,
    seconds: dispatchSeconds,
    extra: {
      startupMs: startupSeconds * 1000,
      fibJobs,
      fib1WorkerSeconds: fibSeconds[1],
      fib2WorkersSeconds: fibSeconds[2],
      fibSpeedup: fibSeconds[1] / fibSeconds[2],
    },
  });
}
