import type { AddressInfo } from "node:net";
import { TimeoutError, run, timeout, waitFor } from "@aio/asyncio";
import { openConnection, startServer, type StreamReader, type StreamWriter } from "@aio/streams";

// A server that answers PING at once and never answers SLOW.
async function handle(reader: StreamReader, writer: StreamWriter): Promise<void> {
  for await (const line of reader) {
    if (line.toString() === "PING\n") writer.write(Buffer.from("PONG\n"));
  }
  writer.close();
}

async function main(): Promise<void> {
  const server = await startServer(handle, "127.0.0.1", 0);
  const { port } = server.sockets[0]!.address() as AddressInfo;

  // A connection attempt can be bounded like anything else.
  const [reader, writer] = await waitFor(openConnection("127.0.0.1", port), 5);

  // timeout(): the body is cancelled when the deadline passes, and TimeoutError comes out.
  writer.write(Buffer.from("SLOW\n"));
  try {
    await timeout(0.1, async () => await reader.readline());
  } catch (e) {
    console.log(`SLOW: ${e instanceof TimeoutError ? "timed out" : e}`);
  }

  // The cancelled read took nothing out of the reader: the connection is as good as before.
  writer.write(Buffer.from("PING\n"));
  const reply = await waitFor(reader.readline(), 5);
  console.log(`PING: ${reply.toString().trimEnd()}`);

  writer.close();
  await writer.waitClosed();
  server.close();
  await server.waitClosed();
}

await run(main);
// Output:
// SLOW: timed out
// PING: PONG
