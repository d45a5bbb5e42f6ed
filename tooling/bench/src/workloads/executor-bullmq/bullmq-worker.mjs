// A plain BullMQ worker for the `bullmq` row: a no-op processor, run inline, as `aio-worker --pool
// inline` runs the @aio row's jobs. Usage: node bullmq-worker.mjs <redis port> <queue> <concurrency>
import { Worker } from "bullmq";

const [port, queue, concurrency] = process.argv.slice(2);
const worker = new Worker(queue, async () => 0, {
  connection: { host: "127.0.0.1", port: Number(port) },
  concurrency: Number(concurrency),
});
worker.on("error", (error) => console.error(error.message));
await worker.waitUntilReady();
console.log("ready");
process.on("SIGTERM", () => process.exit(0));
