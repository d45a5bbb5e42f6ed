// Flow control both ways over real sockets: a slow reader makes the writer's drain() wait, the
// writer's buffer stays bounded (high-water mark + one write), and the slow side's reader pauses
// its transport instead of buffering without bound.
import { describe, expect, it } from "vitest";
import { getRunningLoop, type Coroutine } from "@aio/core";
import { sleep } from "@aio/combinators";
import { Event } from "@aio/sync";
import { openConnection, startServer, type StreamReader, type StreamWriter } from "../src/index.js";
import { STYLES, payload, portOf, runMain } from "./helpers.js";

const CHUNK = 64 * 1024;
const TOTAL = 24 * 1024 * 1024; // well above what loopback socket buffers hold
const LIMIT = 16 * 1024;

interface Measures {
  maxWriteBuffer: number;
  high: number;
  drainWaits: number;
  maxReaderBuffer: number;
  received: number;
  intact: boolean;
  paused: boolean;
}

describe.each(STYLES)("backpressure with %s coroutines", (style) => {
  it("a slow reader makes drain() wait; both buffers stay bounded; every byte arrives in order", async () => {
    const data = payload(CHUNK, 3);
    const m = await runMain(async () => {
      const startReading = new Event();
      let received = 0;
      let intact = true;
      let maxReaderBuffer = 0;
      let paused = false;
      const done = new Event();
      const consume = (reader: StreamReader, chunk: Buffer): void => {
        // every chunk is a slice of the repeated payload: check it at its offset
        for (let i = 0; i < chunk.length; i += 4093) if (chunk[i] !== data[(received + i) % CHUNK]) intact = false;
        received += chunk.length;
        maxReaderBuffer = Math.max(maxReaderBuffer, reader._buffer.length);
      };
      const server = await startServer(
        style === "generator"
          ? function* (reader: StreamReader, writer: StreamWriter): Coroutine<void> {
              yield* startReading.wait();
              for (;;) {
                maxReaderBuffer = Math.max(maxReaderBuffer, reader._buffer.length);
                paused ||= reader._paused;
                const chunk = yield* reader.read(CHUNK);
                if (chunk.length === 0) break;
                consume(reader, chunk);
                if (received % (1024 * 1024) < CHUNK) yield* sleep(0.001); // slow consumer
              }
              writer.close();
              done.set();
            }
          : async (reader: StreamReader, writer: StreamWriter) => {
              await startReading.wait();
              for (;;) {
                maxReaderBuffer = Math.max(maxReaderBuffer, reader._buffer.length);
                paused ||= reader._paused;
                const chunk = await reader.read(CHUNK);
                if (chunk.length === 0) break;
                consume(reader, chunk);
                if (received % (1024 * 1024) < CHUNK) await sleep(0.001);
              }
              writer.close();
              done.set();
            },
        "127.0.0.1",
        0,
        { limit: LIMIT },
      );
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      const [, high] = writer.transport.getWriteBufferLimits();
      let maxWriteBuffer = 0;
      let drainWaits = 0;
      for (let sent = 0; sent < TOTAL; sent += CHUNK) {
        writer.write(data);
        const size = writer.transport.getWriteBufferSize();
        maxWriteBuffer = Math.max(maxWriteBuffer, size);
        if (size > high && drainWaits++ === 0) {
          // Over the mark: this drain() blocks. The reader starts a little later.
          getRunningLoop().callLater(0.02, () => startReading.set());
        }
        await writer.drain();
      }
      startReading.set();
      writer.writeEof();
      await done.wait();
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
      return { maxWriteBuffer, high, drainWaits, maxReaderBuffer, received, intact, paused } satisfies Measures;
    });
    expect(m.received).toBe(TOTAL);
    expect(m.intact).toBe(true);
    expect(m.drainWaits).toBeGreaterThan(0);
    expect(m.maxWriteBuffer).toBeLessThanOrEqual(m.high + CHUNK);
    // the slow side paused its transport: its buffer never grew past 2 × limit plus one socket read
    expect(m.paused).toBe(true);
    expect(m.maxReaderBuffer).toBeLessThanOrEqual(2 * LIMIT + CHUNK);
  });
});

describe("write buffer limits", () => {
  it("setWriteBufferLimits follows CPython's defaults and checks high >= low >= 0", async () => {
    const out = await runMain(async () => {
      const server = await startServer((_r: StreamReader, w: StreamWriter) => w.close(), "127.0.0.1", 0);
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      const t = writer.transport;
      const marks: unknown[] = [t.getWriteBufferLimits()];
      t.setWriteBufferLimits(1000);
      marks.push(t.getWriteBufferLimits());
      t.setWriteBufferLimits(null, 100);
      marks.push(t.getWriteBufferLimits());
      t.setWriteBufferLimits(10, 5);
      marks.push(t.getWriteBufferLimits());
      let error = "";
      try {
        t.setWriteBufferLimits(5, 10);
      } catch (e) {
        error = `${(e as Error).name}: ${(e as Error).message}`;
      }
      writer.close();
      server.close();
      await server.waitClosed();
      return { marks, error };
    });
    expect(out.marks).toEqual([[16384, 65536], [250, 1000], [100, 400], [5, 10]]);
    expect(out.error).toBe("RangeError: Transport.setWriteBufferLimits(high, low): high (5) must be >= low (10) must be >= 0");
  });
});
