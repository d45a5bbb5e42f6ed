// executor row: @aio ProcessPoolExecutor, jobs loaded in the workers with fromModule(url, exportName).
import { ProcessPoolExecutor, fromModule } from "@aio/executor";
import { measureExecutor } from "./procedure.mjs";

const jobs = new URL("./jobs.mjs", import.meta.url);
const noop = fromModule(jobs, "noop");
const fib = fromModule(jobs, "fib");

await measureExecutor("aio-processes", {
  make: (workers: number) => new ProcessPoolExecutor({ maxWorkers: workers }),
  noop: (pool: ProcessPoolExecutor) => pool.submit(noop),
  fib: (pool: ProcessPoolExecutor, n: number) => pool.submit(fib, n),
  close: (pool: ProcessPoolExecutor) => pool.shutdown({ wait: true }),
});
