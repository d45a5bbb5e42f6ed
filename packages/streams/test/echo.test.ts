// Echo and line protocols over real TCP sockets on 127.0.0.1, server and clients in both
// coroutine styles.
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { gather } from "@aio/combinators";
import { createTask } from "@aio/task";
import { openConnection, startServer, type StreamReader, type StreamWriter } from "../src/index.js";
import { STYLES, b, payload, portOf, runMain } from "./helpers.js";

function* echoGen(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  for (;;) {
    const data = yield* reader.read(4096);
    if (data.length === 0) break;
    writer.write(data);
    yield* writer.drain();
  }
  writer.close();
  yield* writer.waitClosed();
}

async function echoAsync(reader: StreamReader, writer: StreamWriter): Promise<void> {
  for (;;) {
    const data = await reader.read(4096);
    if (data.length === 0) break;
    writer.write(data);
    await writer.drain();
  }
  writer.close();
  await writer.waitClosed();
}

describe.each(STYLES)("echo with %s coroutines", (style) => {
  const handler = style === "generator" ? echoGen : echoAsync;

  it("a client's bytes come back whole, then EOF after writeEof()", async () => {
    const data = payload(300_000, 7);
    const back = await runMain(async () => {
      const server = await startServer(handler, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(data);
      writer.writeEof();
      const all = await reader.read();
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
      return all;
    });
    expect(back.equals(data)).toBe(true);
  });

  it("20 clients at once, each with its own data", async () => {
    const results = await runMain(function* () {
      const server = yield* startServer(handler, "127.0.0.1", 0);
      const port = portOf(server);
      function* client(i: number): Coroutine<boolean> {
        const [reader, writer] = yield* openConnection("127.0.0.1", port);
        const mine = payload(10_000 + i * 997, i + 1);
        writer.write(mine);
        yield* writer.drain();
        const back = yield* reader.readexactly(mine.length);
        writer.close();
        yield* writer.waitClosed();
        return back.equals(mine);
      }
      const ok = yield* gather(Array.from({ length: 20 }, (_, i) => createTask(client(i))));
      server.close();
      yield* server.waitClosed();
      return ok;
    });
    expect(results).toEqual(Array(20).fill(true));
  });

  it("a line protocol: the server answers each line; the client iterates the replies with for await", async () => {
    const replies = await runMain(async () => {
      const server = await startServer(
        style === "generator"
          ? function* (reader: StreamReader, writer: StreamWriter): Coroutine<void> {
              for (;;) {
                const line = yield* reader.readline();
                if (line.length === 0) break;
                writer.write(b(`${line.toString().trim().toUpperCase()}\n`));
              }
              writer.close();
            }
          : async (reader: StreamReader, writer: StreamWriter) => {
              for await (const line of reader) writer.write(b(`${line.toString().trim().toUpperCase()}\n`));
              writer.close();
            },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.writelines([b("alpha\nbe"), b("ta\n"), b("gamma\n")]);
      writer.writeEof();
      const out: string[] = [];
      for await (const line of reader) out.push(line.toString());
      writer.close();
      server.close();
      await server.waitClosed();
      return out;
    });
    expect(replies).toEqual(["ALPHA\n", "BETA\n", "GAMMA\n"]);
  });
});

describe("connections", () => {
  it("getExtraInfo gives peername, sockname and the socket; unknown names give the default", async () => {
    const info = await runMain(async () => {
      let serverSide: unknown[] = [];
      const server = await startServer((_r: StreamReader, w: StreamWriter) => {
        serverSide = [w.getExtraInfo("peername"), w.getExtraInfo("sockname")];
        w.close();
      }, "127.0.0.1", 0);
      const port = portOf(server);
      const [reader, writer] = await openConnection("127.0.0.1", port);
      await reader.read();
      const client = [writer.getExtraInfo("peername"), writer.getExtraInfo("sockname")];
      const socket = writer.getExtraInfo("socket") as { remotePort?: number };
      const out = { port, client, serverSide, socketPort: socket.remotePort, missing: writer.getExtraInfo("nope", 42), nul: writer.getExtraInfo("nope") };
      writer.close();
      server.close();
      await server.waitClosed();
      return out;
    });
    expect(info.client[0]).toEqual(["127.0.0.1", info.port]);
    expect((info.client[1] as [string, number])[0]).toBe("127.0.0.1");
    expect(info.serverSide[1]).toEqual(["127.0.0.1", info.port]);
    expect(info.serverSide[0]).toEqual(info.client[1]);
    expect(info.socketPort).toBe(info.port);
    expect(info.missing).toBe(42);
    expect(info.nul).toBe(null);
  });

  it("a plain callback as clientConnected is called as a loop callback; a returned promise runs as a task", async () => {
    const log = await runMain(async () => {
      const log: string[] = [];
      const server = await startServer((reader: StreamReader, writer: StreamWriter) => {
        log.push("called");
        return (async () => {
          log.push(String(await reader.readline()).trim());
          writer.close();
        })();
      }, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(b("hi\n"));
      await reader.read();
      writer.close();
      server.close();
      await server.waitClosed();
      return log;
    });
    expect(log).toEqual(["called", "hi"]);
  });
});
