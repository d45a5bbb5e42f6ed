// executor row: raw workerpool with workerType "thread", jobs registered by a worker script.
import workerpool from "workerpool";
import { fileURLToPath } from "node:url";
import { measureExecutor } from "./procedure.mjs";

const script = fileURLToPath(new URL("./workerpool-worker.mjs", import.meta.url));

await measureExecutor("workerpool-threads", {
  make: (workers) => workerpool.pool(script, { workerType: "thread", minWorkers: workers, maxWorkers: workers }),
  noop: (pool) => pool.exec("noop", []),
  fib: (pool, n) => pool.exec("fib", [n]),
  close: (pool) => pool.terminate(),
});
