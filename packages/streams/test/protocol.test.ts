// The low-level API over real sockets: Protocol callbacks (order, and that they run as loop
// callbacks), BufferedProtocol, receive flow control (pauseReading/resumeReading), write flow
// control (pauseWriting/resumeWriting), and setProtocol.
import { describe, expect, it } from "vitest";
import { _isInTurn, getRunningLoop } from "@aio/core";
import { sleep } from "@aio/combinators";
import { currentTask } from "@aio/task";
import {
  BufferedProtocol,
  Protocol,
  createConnection,
  createServer,
  openConnection,
  startServer,
  type StreamReader,
  type StreamWriter,
  type Transport,
} from "../src/index.js";
import { b, payload, portOf, runMain } from "./helpers.js";

/** Records each callback, and whether it ran as a loop callback (inside a turn, no task). */
class Recorder extends Protocol {
  log: string[] = [];
  transport: Transport | null = null;
  private where(): string {
    return _isInTurn() && getRunningLoop() !== null && currentTask() === null ? "" : " (outside the loop!)";
  }
  override connectionMade(t: Transport): void {
    this.transport = t;
    this.log.push(`made${this.where()}`);
  }
  override dataReceived(data: Uint8Array): void {
    this.log.push(`data ${Buffer.from(data).toString()}${this.where()}`);
  }
  override eofReceived(): boolean {
    this.log.push(`eof${this.where()}`);
    return true;
  }
  override connectionLost(exc: Error | null): void {
    this.log.push(`lost ${exc === null ? "null" : exc.message}${this.where()}`);
  }
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(0.002);
}

describe("Protocol callbacks", () => {
  it("run as loop callbacks, in order: made, data, eof, lost", async () => {
    const log = await runMain(async () => {
      const server = await startServer(async (r: StreamReader, w: StreamWriter) => {
        w.write(b("hello"));
        await r.read(); // until the client's EOF
        w.close();
      }, "127.0.0.1", 0);
      const [transport, protocol] = await createConnection(() => new Recorder(), "127.0.0.1", portOf(server));
      const madeBeforeReturn = protocol.log[0];
      await until(() => protocol.log.length >= 2);
      transport.writeEof(); // the server sees EOF and closes: we get eof, then our close ends it
      await until(() => protocol.log.includes("eof"));
      transport.close();
      await until(() => protocol.log.some((l) => l.startsWith("lost")));
      server.close();
      await server.waitClosed();
      return [madeBeforeReturn, ...protocol.log];
    });
    expect(log).toEqual(["made", "made", "data hello", "eof", "lost null"]);
  });

  it("BufferedProtocol gets every byte through its own small buffer", async () => {
    const data = payload(100_000, 5);
    const out = await runMain(async () => {
      const server = await startServer(async (_r: StreamReader, w: StreamWriter) => {
        w.write(data);
        await w.drain();
        w.close();
      }, "127.0.0.1", 0);
      const chunks: Buffer[] = [];
      let ended = false;
      class Into extends BufferedProtocol {
        buf = Buffer.alloc(777);
        override getBuffer(sizeHint: number): Uint8Array {
          return sizeHint > 0 ? this.buf : this.buf;
        }
        override bufferUpdated(n: number): void {
          chunks.push(Buffer.from(this.buf.subarray(0, n)));
        }
        override connectionLost(): void {
          ended = true;
        }
      }
      await createConnection(() => new Into(), "127.0.0.1", portOf(server));
      await until(() => ended);
      server.close();
      await server.waitClosed();
      return [Buffer.concat(chunks).equals(data), Math.max(...chunks.map((c) => c.length))];
    });
    expect(out).toEqual([true, 777]);
  });

  it("pauseReading(): no dataReceived until resumeReading(), which delivers what arrived meanwhile", async () => {
    const out = await runMain(async () => {
      let serverWriter: StreamWriter | null = null;
      const server = await startServer((_r: StreamReader, w: StreamWriter) => {
        serverWriter = w;
      }, "127.0.0.1", 0);
      const [transport, p] = await createConnection(() => new Recorder(), "127.0.0.1", portOf(server));
      await until(() => serverWriter !== null);
      serverWriter!.write(b("one"));
      await until(() => p.log.length === 2);
      transport.pauseReading();
      const reading = [transport.isReading()];
      transport.pauseReading(); // twice: no change
      serverWriter!.write(b("two"));
      await sleep(0.05);
      const whilePaused = p.log.length;
      transport.resumeReading();
      reading.push(transport.isReading());
      await until(() => p.log.length === 3);
      serverWriter!.close();
      transport.close();
      await until(() => p.log.some((l) => l.startsWith("lost")));
      server.close();
      await server.waitClosed();
      return { reading, whilePaused, log: p.log };
    });
    expect(out.reading).toEqual([false, true]);
    expect(out.whilePaused).toBe(2);
    expect(out.log.slice(0, 3)).toEqual(["made", "data one", "data two"]);
  });

  it("pauseWriting()/resumeWriting() follow the write buffer across the water marks", async () => {
    const out = await runMain(async () => {
      let serverReader: StreamReader | null = null;
      const server = await startServer((r: StreamReader) => {
        serverReader = r;
      }, "127.0.0.1", 0, { limit: 1024 });
      const events: string[] = [];
      class Writer extends Protocol {
        t!: Transport;
        override connectionMade(t: Transport): void {
          this.t = t;
        }
        override pauseWriting(): void {
          events.push(`pause size>${this.t.getWriteBufferLimits()[1]}:${this.t.getWriteBufferSize() > this.t.getWriteBufferLimits()[1]}`);
        }
        override resumeWriting(): void {
          events.push(`resume size<=${this.t.getWriteBufferLimits()[0]}:${this.t.getWriteBufferSize() <= this.t.getWriteBufferLimits()[0]}`);
        }
      }
      const [transport] = await createConnection(() => new Writer(), "127.0.0.1", portOf(server));
      transport.setWriteBufferLimits(64 * 1024);
      const chunk = payload(256 * 1024);
      for (let i = 0; i < 40 && events.length === 0; i++) transport.write(chunk);
      const afterWrites = [...events];
      await until(() => serverReader !== null);
      // Read everything on the other side: the buffer empties, resumeWriting follows.
      for (;;) {
        await serverReader!.read(1 << 20);
        if (events.length === 2) break;
      }
      transport.close();
      server.closeClients();
      server.close();
      await server.waitClosed();
      return [afterWrites, events];
    });
    expect(out).toEqual([["pause size>65536:true"], ["pause size>65536:true", "resume size<=16384:true"]]);
  });

  it("setProtocol() sends later callbacks to the new protocol", async () => {
    const out = await runMain(async () => {
      let serverWriter: StreamWriter | null = null;
      const server = await startServer((_r: StreamReader, w: StreamWriter) => {
        serverWriter = w;
      }, "127.0.0.1", 0);
      const [transport, first] = await createConnection(() => new Recorder(), "127.0.0.1", portOf(server));
      const second = new Recorder();
      transport.setProtocol(second);
      const same = transport.getProtocol() === second;
      await until(() => serverWriter !== null);
      serverWriter!.write(b("to second"));
      await until(() => second.log.length === 1);
      transport.close();
      serverWriter!.close();
      server.close();
      await server.waitClosed();
      return [same, first.log, second.log.slice(0, 1)];
    });
    expect(out).toEqual([true, ["made"], ["data to second"]]);
  });

  it("a transport's toString shows its state and peer", async () => {
    const out = await runMain(async () => {
      const server = await createServer(() => new Protocol(), "127.0.0.1", 0);
      const port = portOf(server);
      const [reader, writer] = await openConnection("127.0.0.1", port);
      const open = String(writer.transport);
      writer.close();
      const closing = String(writer.transport);
      server.closeClients();
      await reader.read();
      server.close();
      await server.waitClosed();
      return [open, closing, port];
    });
    expect(out[0]).toBe(`<SocketTransport open peer=127.0.0.1:${out[2]} bufsize=0>`);
    expect(out[1]).toBe(`<SocketTransport closing peer=127.0.0.1:${out[2]} bufsize=0>`);
  });
});
