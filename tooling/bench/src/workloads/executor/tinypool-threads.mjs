// executor row: raw tinypool with runtime "worker_threads", jobs loaded by module path and export name.
import { Tinypool } from "tinypool";
import { measureExecutor } from "./procedure.mjs";

const filename = new URL("./jobs.mjs", import.meta.url).href;

await measureExecutor("tinypool-threads", {
  make: (workers) =>
    new Tinypool({ filename, runtime: "worker_threads", minThreads: workers, maxThreads: workers, idleTimeout: 60_000 }),
  noop: (pool) => pool.run(undefined, { name: "noop" }),
  fib: (pool, n) => pool.run(n, { name: "fib" }),
  close: (pool) => pool.destroy(),
});
