// Every way a connection can fail, over real sockets: reset, refused, address in use, incomplete
// reads, limit overruns, writes after EOF or close, and errors thrown by user code.
import { describe, expect, it } from "vitest";
import { getRunningLoop, type Coroutine, type ExceptionContext } from "@aio/core";
import { sleep } from "@aio/combinators";
import {
  ConnectionResetError,
  IncompleteReadError,
  LimitOverrunError,
  Protocol,
  createConnection,
  createServer,
  openConnection,
  startServer,
  type StreamReader,
  type StreamWriter,
  type Transport,
} from "../src/index.js";
import { STYLES, b, portOf, runMain } from "./helpers.js";

/** A port nothing listens on (a server's, closed again). */
async function freePort(): Promise<number> {
  return runMain(async () => {
    const s = await startServer(() => {}, "127.0.0.1", 0);
    const port = portOf(s);
    s.close();
    await s.waitClosed();
    return port;
  });
}

const errText = (e: unknown): string => `${(e as Error).name}: ${(e as { code?: string }).code ?? (e as Error).message}`;

describe.each(STYLES)("connection errors with %s coroutines", (style) => {
  it("abort() resets the connection: the peer's reads, drain() and waitClosed() fail with ECONNRESET", async () => {
    const out = await runMain(async () => {
      const server = await startServer(
        style === "generator"
          ? function* (reader: StreamReader, writer: StreamWriter): Coroutine<void> {
              yield* reader.readline();
              writer.transport.abort();
            }
          : async (reader: StreamReader, writer: StreamWriter) => {
              await reader.readline();
              writer.transport.abort();
            },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(b("go\n"));
      const results: string[] = [];
      try {
        await reader.read();
      } catch (e) {
        results.push(`read ${(e as { code?: string }).code}`);
      }
      try {
        await writer.drain();
      } catch (e) {
        results.push(`drain ${(e as { code?: string }).code}`);
      }
      try {
        await writer.waitClosed();
      } catch (e) {
        results.push(`waitClosed ${(e as { code?: string }).code}`);
      }
      results.push(`closing ${writer.isClosing()}`);
      server.close();
      await server.waitClosed();
      return results;
    });
    expect(out).toEqual(["read ECONNRESET", "drain ECONNRESET", "waitClosed ECONNRESET", "closing true"]);
  });

  it("the stream ends early: readexactly() fails with IncompleteReadError, readuntil() too, readline() returns the rest", async () => {
    const out = await runMain(async () => {
      const server = await startServer(async (_r: StreamReader, w: StreamWriter) => {
        w.write(b("abc"));
        w.close();
      }, "127.0.0.1", 0);
      const port = portOf(server);
      const results: string[] = [];
      const [r1, w1] = await openConnection("127.0.0.1", port);
      const e1 = (await Promise.resolve(r1.readexactly(10)).catch((e: unknown) => e)) as IncompleteReadError;
      results.push(`${e1.name} ${e1.partial.toString()} ${e1.expected}`);
      const [r2, w2] = await openConnection("127.0.0.1", port);
      const e2 = (await Promise.resolve(r2.readuntil(b("\n"))).catch((e: unknown) => e)) as IncompleteReadError;
      results.push(`${e2 instanceof IncompleteReadError} ${e2.partial.toString()} ${e2.expected}`);
      const [r3, w3] = await openConnection("127.0.0.1", port);
      results.push(`readline ${String(await r3.readline())} then ${(await r3.readline()).length} eof=${r3.atEof()}`);
      for (const w of [w1, w2, w3]) w.close();
      server.close();
      await server.waitClosed();
      return results;
    });
    expect(out).toEqual(["IncompleteReadError abc 10", "true abc null", "readline abc then 0 eof=true"]);
  });

  it("a line over the limit: readuntil() fails with LimitOverrunError, readline() with RangeError", async () => {
    const out = await runMain(async () => {
      const server = await startServer(async (_r: StreamReader, w: StreamWriter) => {
        w.write(b(`${"x".repeat(100)}\nshort\n`));
        w.close();
      }, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), { limit: 50 });
      const results: string[] = [];
      await sleep(0.05); // let the whole message arrive
      try {
        await reader.readuntil(b("\n"));
      } catch (e) {
        results.push(`${(e as Error).name} consumed=${(e as LimitOverrunError).consumed} ${e instanceof LimitOverrunError}`);
      }
      try {
        await reader.readline();
      } catch (e) {
        results.push(errText(e));
      }
      results.push(String(await reader.readline()));
      writer.close();
      server.close();
      await server.waitClosed();
      return results;
    });
    expect(out).toEqual([
      "LimitOverrunError consumed=100 true",
      "RangeError: Separator is found, but chunk is longer than limit",
      "short\n",
    ]);
  });
});

describe("connection errors", () => {
  it("openConnection to a closed port rejects with ECONNREFUSED", async () => {
    const port = await freePort();
    const e = await runMain(async () => Promise.resolve(openConnection("127.0.0.1", port)).catch((x: unknown) => x));
    expect((e as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("startServer on a port in use rejects with EADDRINUSE", async () => {
    const e = await runMain(async () => {
      const server = await startServer(() => {}, "127.0.0.1", 0);
      const err = await Promise.resolve(startServer(() => {}, "127.0.0.1", portOf(server))).catch((x: unknown) => x);
      server.close();
      await server.waitClosed();
      return err;
    });
    expect((e as { code?: string }).code).toBe("EADDRINUSE");
  });

  it("write() after writeEof() throws; writes after the connection is lost are dropped; drain() then fails with ConnectionResetError", async () => {
    const out = await runMain(async () => {
      const server = await startServer((_r: StreamReader, w: StreamWriter) => w.close(), "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const results: string[] = [];
      writer.writeEof();
      try {
        writer.write(b("late"));
      } catch (e) {
        results.push(errText(e));
      }
      await reader.read(); // EOF from the server
      await writer.waitClosed(); // both sides ended: the connection is gone
      const [r2, w2] = await openConnection("127.0.0.1", portOf(server));
      await r2.read();
      w2.close();
      await w2.waitClosed();
      w2.write(b("dropped"));
      try {
        await w2.drain();
      } catch (e) {
        results.push(`${errText(e)} ${e instanceof ConnectionResetError} ${(e as Error).message}`);
      }
      server.close();
      await server.waitClosed();
      return results;
    });
    expect(out).toEqual([
      "Error: Transport.write(data): Cannot call write() after writeEof()",
      "ConnectionResetError: ECONNRESET true Connection lost",
    ]);
  });

  it("a client callback that fails goes to the exception handler, and its connection is closed", async () => {
    const out = await runMain(async () => {
      const reports: ExceptionContext[] = [];
      getRunningLoop().setExceptionHandler((_l, ctx) => reports.push(ctx));
      const server = await startServer(async (reader: StreamReader) => {
        await reader.readline();
        throw new Error("handler bug");
      }, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(b("x\n"));
      const rest = await reader.read(); // the server closed: EOF
      writer.close();
      server.close();
      await server.waitClosed();
      return [rest.length, reports.map((r) => `${r.message} / ${(r.exception as Error).message} / ${r["transport"] !== undefined}`)];
    });
    expect(out).toEqual([0, ["Unhandled exception in client_connected_cb / handler bug / true"]]);
  });

  it("a protocol whose dataReceived throws: reported as fatal, the transport closes, connectionLost gets the error", async () => {
    const out = await runMain(async () => {
      const reports: string[] = [];
      getRunningLoop().setExceptionHandler((_l, ctx) => reports.push(`${ctx.message} / ${(ctx.exception as Error).message}`));
      const lost: string[] = [];
      class Bad extends Protocol {
        override dataReceived(): void {
          throw new Error("parser bug");
        }
        override connectionLost(exc: Error | null): void {
          lost.push(exc === null ? "null" : exc.message);
        }
      }
      const server = await createServer(() => new Bad(), "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(b("boom"));
      await Promise.resolve(reader.read()).catch(() => b(""));
      while (lost.length === 0) await sleep(0.001);
      writer.close();
      server.close();
      await server.waitClosed();
      return [reports, lost];
    });
    expect(out).toEqual([["Fatal error: protocol.dataReceived() call failed. / parser bug"], ["parser bug"]]);
  });

  it("createConnection with a factory that throws rejects with its error and leaves nothing open", async () => {
    const out = await runMain(async () => {
      let accepted = 0;
      const server = await startServer(async (r: StreamReader, w: StreamWriter) => {
        accepted++;
        await r.read();
        w.close();
      }, "127.0.0.1", 0);
      const err = await Promise.resolve(
        createConnection((): Protocol => {
          throw new Error("no protocol");
        }, "127.0.0.1", portOf(server)),
      ).catch((e: unknown) => (e as Error).message);
      server.close();
      await server.waitClosed(); // returns: the connection the server took over has ended
      return [err, accepted <= 1];
    });
    expect(out).toEqual(["no protocol", true]);
  });
});

describe("half-close", () => {
  it.each(STYLES)("writeEof() ends one direction; the other keeps working (%s)", async (style) => {
    const out = await runMain(async () => {
      const server = await startServer(
        style === "generator"
          ? function* (reader: StreamReader, writer: StreamWriter): Coroutine<void> {
              const all = yield* reader.read(); // to EOF
              writer.write(b(`got ${all.length} bytes, eof=${reader.atEof()}`));
              yield* writer.drain();
              writer.close();
            }
          : async (reader: StreamReader, writer: StreamWriter) => {
              const all = await reader.read();
              writer.write(b(`got ${all.length} bytes, eof=${reader.atEof()}`));
              await writer.drain();
              writer.close();
            },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const can = writer.canWriteEof();
      writer.write(b("12345"));
      writer.writeEof();
      writer.writeEof(); // twice: nothing more happens
      const reply = String(await reader.read());
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
      return [can, reply];
    });
    expect(out).toEqual([true, "got 5 bytes, eof=true"]);
  });

  it("a protocol whose eofReceived returns nothing is closed by its transport at EOF", async () => {
    const out = await runMain(async () => {
      const log: string[] = [];
      class P extends Protocol {
        t!: Transport;
        override connectionMade(t: Transport): void {
          this.t = t;
        }
        override eofReceived(): void {
          log.push(`eof closing=${this.t.isClosing()}`);
        }
        override connectionLost(exc: Error | null): void {
          log.push(`lost ${exc} closing=${this.t.isClosing()}`);
        }
      }
      const server = await createServer(() => new P(), "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.writeEof();
      await reader.read();
      while (log.length < 2) await sleep(0.001);
      writer.close();
      server.close();
      await server.waitClosed();
      return log;
    });
    expect(out).toEqual(["eof closing=false", "lost null closing=true"]);
  });
});
