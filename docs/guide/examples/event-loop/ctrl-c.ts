import { once } from "node:events";
import { createServer } from "node:http";
import { Event, KeyboardInterrupt, fromPromise, run } from "@aio/asyncio";

async function main(): Promise<void> {
  const server = createServer((_request, response) => response.end("hello\n"));
  server.listen(0, "127.0.0.1");
  await fromPromise(once(server, "listening"));
  try {
    console.log("serving; press Ctrl-C to stop");
    // This line does what pressing Ctrl-C does, so that the example stops by itself.
    process.kill(process.pid, "SIGINT");
    await new Event().wait(); // serve until the task is cancelled
  } finally {
    // Ctrl-C cancelled the main task, at the await above. Cleanup runs, and may still wait.
    await fromPromise(new Promise((resolve) => server.close(resolve)));
    console.log("server closed");
  }
}

try {
  await run(main);
} catch (error) {
  // The main task ended cancelled because of Ctrl-C: run() rejects with KeyboardInterrupt.
  if (!(error instanceof KeyboardInterrupt)) throw error;
  console.log(`run() rejected with ${error.name}: ${error.message}`);
}
// Output:
// serving; press Ctrl-C to stop
// server closed
// run() rejected with KeyboardInterrupt: interrupted by SIGINT
