// executor row: raw piscina (worker threads), jobs loaded by module path and export name.
import { Piscina } from "piscina";
import { measureExecutor } from "./procedure.mjs";

const filename = new URL("./jobs.mjs", import.meta.url).href;

await measureExecutor("piscina", {
  make: (workers) => new Piscina({ filename, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 }),
  noop: (pool) => pool.run(undefined, { name: "noop" }),
  fib: (pool, n) => pool.run(n, { name: "fib" }),
  close: (pool) => pool.destroy(),
});
