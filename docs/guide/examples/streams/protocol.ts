import type { AddressInfo } from "node:net";
import { run } from "@aio/asyncio";
import { Protocol, createConnection, createServer, type Transport } from "@aio/streams";

// asyncio's low level: a protocol is a set of callbacks the transport calls, as loop callbacks.
class Echo extends Protocol {
  private transport!: Transport;
  override connectionMade(transport: Transport): void {
    this.transport = transport;
  }
  override dataReceived(data: Uint8Array): void {
    this.transport.write(data);
  }
  override eofReceived(): boolean {
    this.transport.close(); // the client is done: close our side too
    return true;
  }
}

class Client extends Protocol {
  readonly received: string[] = [];
  done!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.done = resolve));
  override connectionMade(transport: Transport): void {
    transport.write(Buffer.from("bytes, not lines"));
    transport.writeEof();
  }
  override dataReceived(data: Uint8Array): void {
    this.received.push(Buffer.from(data).toString());
  }
  override connectionLost(exc: Error | null): void {
    console.log(`client: lost (${exc === null ? "clean close" : exc.message})`);
    this.done();
  }
}

async function main(): Promise<void> {
  const server = await createServer(() => new Echo(), "127.0.0.1", 0);
  const { port } = server.sockets[0]!.address() as AddressInfo;
  const [, client] = await createConnection(() => new Client(), "127.0.0.1", port);
  await client.finished;
  console.log(`client: got back "${client.received.join("")}"`);
  server.close();
  await server.waitClosed();
}

await run(main);
// Output:
// client: lost (clean close)
// client: got back "bytes, not lines"
