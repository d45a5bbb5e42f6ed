import type { AddressInfo } from "node:net";
import { run } from "@aio/asyncio";
import { openConnection, startServer, type StreamReader, type StreamWriter } from "@aio/streams";

// One task per connection: read lines until the client is done, answer each one.
async function handle(reader: StreamReader, writer: StreamWriter): Promise<void> {
  const [host] = writer.getExtraInfo("peername") as [string, number];
  for await (const line of reader) {
    writer.write(Buffer.from(`echo: ${line.toString()}`));
    await writer.drain(); // wait here if the client reads slower than we write
  }
  console.log(`server: ${host} is done`);
  writer.close();
  await writer.waitClosed();
}

async function main(): Promise<void> {
  // Port 0: the system picks a free port; read it back from the listening socket.
  const server = await startServer(handle, "127.0.0.1", 0);
  const { port } = server.sockets[0]!.address() as AddressInfo;

  const [reader, writer] = await openConnection("127.0.0.1", port);
  for (const word of ["hello", "world"]) {
    writer.write(Buffer.from(`${word}\n`));
    console.log((await reader.readline()).toString().trimEnd());
  }
  writer.writeEof(); // half-close: "no more lines", the reply can still come
  console.log(`client: end of stream = ${(await reader.read()).length === 0}`);
  writer.close();
  await writer.waitClosed();

  server.close(); // stop listening; waitClosed() also waits for live connections to end
  await server.waitClosed();
}

await run(main);
// Output:
// echo: hello
// echo: world
// server: 127.0.0.1 is done
// client: end of stream = true
