// executor row: @aio ThreadPoolExecutor, jobs loaded in the workers with fromModule(url, exportName).
import { ThreadPoolExecutor, fromModule } from "@aio/executor";
import { measureExecutor } from "./procedure.mjs";

const jobs = new URL("./jobs.mjs", import.meta.url);
const noop = fromModule(jobs, "noop");
const fib = fromModule(jobs, "fib");

await measureExecutor("aio-threads", {
  make: (workers: number) => new ThreadPoolExecutor({ maxWorkers: workers }),
  noop: (pool: ThreadPoolExecutor) => pool.submit(noop),
  fib: (pool: ThreadPoolExecutor, n: number) => pool.submit(fib, n),
  close: (pool: ThreadPoolExecutor) => pool.shutdown({ wait: true }),
});
