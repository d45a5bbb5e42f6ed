// Server lifecycle over real sockets: close() with live connections, waitClosed(), closeClients,
// abortClients, serveForever() and its cancellation, startServing, await using, and the tasks of
// client callbacks at run() shutdown.
import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { sleep } from "@aio/combinators";
import { createTask } from "@aio/task";
import { Event } from "@aio/sync";
import { openConnection, startServer, type Server, type StreamReader, type StreamWriter } from "../src/index.js";
import { STYLES, b, portOf, runMain } from "./helpers.js";

/** A line-echo handler in the given style that records how each connection ended. */
function lineEcho(style: (typeof STYLES)[number], ended: string[]) {
  return style === "generator"
    ? function* (reader: StreamReader, writer: StreamWriter): Coroutine<void> {
        try {
          for (;;) {
            const line = yield* reader.readline();
            if (line.length === 0) break;
            writer.write(line);
          }
          ended.push("eof");
        } catch (e) {
          ended.push(e instanceof CancelledError ? "cancelled" : `error ${(e as { code?: string }).code}`);
          throw e;
        } finally {
          writer.close();
        }
      }
    : async (reader: StreamReader, writer: StreamWriter) => {
        try {
          for await (const line of reader) writer.write(line);
          ended.push("eof");
        } catch (e) {
          ended.push(e instanceof CancelledError ? "cancelled" : `error ${(e as { code?: string }).code}`);
          throw e;
        } finally {
          writer.close();
        }
      };
}

describe.each(STYLES)("Server with %s client callbacks", (style) => {
  it("close() stops listening but live connections go on; waitClosed() waits for them", async () => {
    const out = await runMain(async () => {
      const ended: string[] = [];
      const server = await startServer(lineEcho(style, ended), "127.0.0.1", 0);
      const port = portOf(server);
      const [reader, writer] = await openConnection("127.0.0.1", port);
      writer.write(b("before\n"));
      const first = String(await reader.readline());
      server.close();
      const after = [server.isServing(), server.sockets.length];
      const waiter = createTask(async () => {
        await server.waitClosed();
        return "closed";
      });
      await sleep(0.02);
      const pendingWhileLive = waiter.done();
      writer.write(b("still here\n"));
      const second = String(await reader.readline());
      const refused = await Promise.resolve(openConnection("127.0.0.1", port)).then(
        () => "connected",
        (e: unknown) => (e as { code?: string }).code,
      );
      writer.close();
      const closed = await waiter;
      return { first, after, pendingWhileLive, second, refused, closed, ended };
    });
    expect(out).toEqual({
      first: "before\n",
      after: [false, 0],
      pendingWhileLive: false,
      second: "still here\n",
      refused: "ECONNREFUSED",
      closed: "closed",
      ended: ["eof"],
    });
  });

  it("closeClients() closes every live connection; abortClients() resets them", async () => {
    const out = await runMain(async () => {
      const ended: string[] = [];
      const server = await startServer(lineEcho(style, ended), "127.0.0.1", 0);
      const port = portOf(server);
      const a = await openConnection("127.0.0.1", port);
      const c = await openConnection("127.0.0.1", port);
      a[1].write(b("x\n"));
      c[1].write(b("y\n"));
      await a[0].readline();
      await c[0].readline();
      server.closeClients();
      const endA = (await a[0].read()).length; // EOF
      server.close();
      await server.waitClosed();
      const server2 = await startServer(lineEcho(style, ended), "127.0.0.1", 0);
      const d = await openConnection("127.0.0.1", portOf(server2));
      d[1].write(b("z\n"));
      await d[0].readline();
      server2.abortClients();
      const endD = await Promise.resolve(d[0].read()).then(
        (x) => `data ${x.length}`,
        (e: unknown) => (e as { code?: string }).code,
      );
      server2.close();
      await server2.waitClosed();
      for (const w of [a[1], c[1], d[1]]) w.close();
      return [endA, endD, server.isServing(), server2.sockets.length];
    });
    expect(out).toEqual([0, "ECONNRESET", false, 0]);
  });

  it("serveForever(): cancelling it closes the server, waits for connections, then ends cancelled", async () => {
    const out = await runMain(async () => {
      const ended: string[] = [];
      const server = await startServer(lineEcho(style, ended), "127.0.0.1", 0, { startServing: false });
      const port = portOf(server);
      const serving = createTask(() => Promise.resolve(server.serveForever()));
      await sleep(0.01);
      const again = await Promise.resolve(server.serveForever()).catch((e: unknown) => (e as Error).message);
      const [reader, writer] = await openConnection("127.0.0.1", port);
      writer.write(b("ping\n"));
      const echoed = String(await reader.readline());
      serving.cancel();
      await sleep(0.02);
      const stillWaiting = !serving.done(); // the connection is still open
      writer.close();
      await Promise.resolve(serving).catch(() => undefined);
      return { again: String(again).includes("is already being awaited on serveForever()"), echoed, stillWaiting, cancelled: serving.cancelled(), serving: server.isServing() };
    });
    expect(out).toEqual({ again: true, echoed: "ping\n", stillWaiting: true, cancelled: true, serving: false });
  });

  it("startServing: false holds connections until startServing()", async () => {
    const out = await runMain(async () => {
      const ended: string[] = [];
      const server = await startServer(lineEcho(style, ended), "127.0.0.1", 0, { startServing: false });
      const before = server.isServing();
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server)); // the kernel accepts it
      writer.write(b("queued\n"));
      await sleep(0.02);
      const early = reader._buffer.length;
      await server.startServing();
      const line = String(await reader.readline());
      writer.close();
      server.close();
      await server.waitClosed();
      return [before, early, line, server.isServing()];
    });
    expect(out).toEqual([false, 0, "queued\n", false]);
  });

  it("run() shutdown cancels client tasks, which closes their connections", async () => {
    let peer: StreamReader | null = null;
    const ended: string[] = [];
    let server: Server | null = null;
    await runMain(async () => {
      server = await startServer(lineEcho(style, ended), "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(b("hello\n"));
      await reader.readline();
      peer = reader;
      server.close(); // main returns with the connection live: run() cancels its task
    });
    expect(ended).toEqual(["cancelled"]);
    expect(peer).not.toBe(null);
  });
});

describe("Server", () => {
  it("await using closes it and waits; toString shows the address", async () => {
    const out = await runMain(async () => {
      const server = await startServer(() => {}, "127.0.0.1", 0);
      const name = String(server);
      await server[Symbol.asyncDispose]();
      return [name.startsWith("<Server sockets=[127.0.0.1:"), server.sockets.length, String(server)];
    });
    expect(out).toEqual([true, 0, "<Server sockets=[]>"]);
  });

  it("listens on several hosts, and on every interface with host null", async () => {
    const out = await runMain(async () => {
      const many = await startServer((_r: StreamReader, w: StreamWriter) => w.close(), ["127.0.0.1", "127.0.0.1"], 0);
      const any = await startServer((_r: StreamReader, w: StreamWriter) => w.close(), null, 0);
      const [r, w] = await openConnection("127.0.0.1", portOf(any));
      w.close();
      await r.read();
      const counts = [many.sockets.length, any.sockets.length];
      many.close();
      any.close();
      await many.waitClosed();
      await any.waitClosed();
      return counts;
    });
    expect(out).toEqual([2, 1]);
  });

  it("waitClosed() of a closed server with no connections returns at once", async () => {
    const out = await runMain(function* () {
      const server = yield* startServer(() => {}, "127.0.0.1", 0);
      server.close();
      server.close();
      yield* server.waitClosed();
      yield* server.waitClosed();
      return "ok";
    });
    expect(out).toBe("ok");
  });

  it("a connection from a task that outlives its Event-gated reader ends cleanly", async () => {
    const out = await runMain(async () => {
      const go = new Event();
      const server = await startServer(async (_r: StreamReader, w: StreamWriter) => {
        await go.wait();
        w.write(b("late\n"));
        w.close();
      }, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      go.set();
      const line = String(await reader.readline());
      writer.close();
      server.close();
      await server.waitClosed();
      return line;
    });
    expect(out).toBe("late\n");
  });
});
