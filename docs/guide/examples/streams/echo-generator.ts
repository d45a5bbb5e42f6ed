import type { AddressInfo } from "node:net";
import { run, type Coroutine } from "@aio/asyncio";
import { openConnection, startServer, type StreamReader, type StreamWriter } from "@aio/streams";

// The same handler as a generator coroutine: `yield*` where the async function says `await`.
function* handle(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  for (;;) {
    const line = yield* reader.readline();
    if (line.length === 0) break; // end of stream
    writer.write(Buffer.from(line.toString().toUpperCase()));
    yield* writer.drain();
  }
  writer.close();
}

await run(function* () {
  const server = yield* startServer(handle, "127.0.0.1", 0);
  const { port } = server.sockets[0]!.address() as AddressInfo;
  const [reader, writer] = yield* openConnection("127.0.0.1", port);
  writer.write(Buffer.from("quiet please\n"));
  console.log((yield* reader.readline()).toString().trimEnd());
  writer.close();
  server.close();
  yield* server.waitClosed();
});
// Output:
// QUIET PLEASE
