// Cancellation over real sockets, as in CPython: a cancelled read loses no byte, a cancelled
// drain() leaves the writer usable, and timeouts around reads work in both coroutine styles.
import { describe, expect, it } from "vitest";
import { CancelledError, type Coroutine } from "@aio/core";
import { sleep, timeout, waitFor } from "@aio/combinators";
import { Event } from "@aio/sync";
import { createTask } from "@aio/task";
import { openConnection, startServer, type StreamReader, type StreamWriter } from "../src/index.js";
import { STYLES, awaiting, b, payload, portOf, runMain } from "./helpers.js";

/** A server whose connection handler hands its reader and writer to the test. */
async function pair(): Promise<{ client: [StreamReader, StreamWriter]; server: [StreamReader, StreamWriter]; close: () => Promise<void> }> {
  const got = new Event();
  let theirs: [StreamReader, StreamWriter] | null = null;
  const server = await startServer((r: StreamReader, w: StreamWriter) => {
    theirs = [r, w];
    got.set();
  }, "127.0.0.1", 0);
  const client = await openConnection("127.0.0.1", portOf(server));
  await got.wait();
  return {
    client,
    server: theirs!,
    close: async () => {
      client[1].close();
      theirs![1].close();
      server.close();
      await server.waitClosed();
    },
  };
}

describe.each(STYLES)("cancellation over sockets with %s tasks", (style) => {
  it.each([
    ["readline()", (r: StreamReader) => r.readline(), (r: StreamReader) => r.readline()],
    ["readexactly()", (r: StreamReader) => r.readexactly(1000), (r: StreamReader) => r.readexactly(14)],
    ["readuntil()", (r: StreamReader) => r.readuntil(b("\r\n")), (r: StreamReader) => r.readuntil(b("\n"))],
  ])("a cancelled %s loses no byte", async (_name, first, second) => {
    const out = await runMain(async () => {
      const p = await pair();
      const [, serverWriter] = p.server;
      const [clientReader] = p.client;
      serverWriter.write(b("partial "));
      const t = createTask(awaiting(style, () => first(clientReader)) as never);
      await sleep(0.02); // "partial " has arrived; the read waits for more
      t.cancel();
      await Promise.resolve(t).catch(() => undefined);
      serverWriter.write(b("line!\n"));
      const next = String(await createTask(awaiting(style, () => second(clientReader)) as never));
      await p.close();
      return [t.cancelled(), next];
    });
    expect(out).toEqual([true, "partial line!\n"]);
  });

  it("timeout() and waitFor() around socket reads raise TimeoutError; the bytes wait for the next read", async () => {
    const out = await runMain(async () => {
      const p = await pair();
      const [, serverWriter] = p.server;
      const [reader] = p.client;
      serverWriter.write(b("no newline yet"));
      const body =
        style === "generator"
          ? function* (): Coroutine<string[]> {
              const seen: string[] = [];
              try {
                yield* timeout(0.02, function* () {
                  return yield* reader.readline();
                });
              } catch (e) {
                seen.push((e as Error).name);
              }
              try {
                yield* waitFor(reader.readexactly(1000), 0.02);
              } catch (e) {
                seen.push((e as Error).name);
              }
              serverWriter.write(b("\n"));
              seen.push(String(yield* reader.readline()));
              return seen;
            }
          : async (): Promise<string[]> => {
              const seen: string[] = [];
              try {
                await timeout(0.02, async () => await reader.readline());
              } catch (e) {
                seen.push((e as Error).name);
              }
              try {
                await waitFor(reader.readexactly(1000), 0.02);
              } catch (e) {
                seen.push((e as Error).name);
              }
              serverWriter.write(b("\n"));
              seen.push(String(await reader.readline()));
              return seen;
            };
      const seen = await createTask(body as never);
      await p.close();
      return seen;
    });
    expect(out).toEqual(["TimeoutError", "TimeoutError", "no newline yet\n"]);
  });

  it("a cancelled drain() leaves the writer usable: later writes and drains go through, in order", async () => {
    const chunk = payload(64 * 1024, 9);
    const out = await runMain(async () => {
      const p = await pair();
      const [serverReader] = p.server;
      const [, writer] = p.client;
      // Fill every buffer (ours, the kernel's, the peer reader's) until a drain() stays blocked.
      let written = 0;
      let drainer: ReturnType<typeof createTask>;
      for (;;) {
        writer.write(chunk);
        written += chunk.length;
        drainer = createTask(awaiting(style, () => writer.drain()) as never);
        await sleep(0.02);
        if (!drainer.done()) break;
      }
      const waitingBeforeCancel = !drainer.done();
      drainer.cancel();
      await Promise.resolve(drainer).catch((e: unknown) => e);
      const cancelled = drainer.cancelled();
      // Now read everything on the other side while writing one more chunk and draining again.
      const reading = createTask(async () => {
        let n = 0;
        let intact = true;
        for (;;) {
          const got = await serverReader.read(1 << 20);
          if (got.length === 0) break;
          for (let i = 0; i < got.length; i += 997) if (got[i] !== chunk[(n + i) % chunk.length]) intact = false;
          n += got.length;
        }
        return [n, intact] as const;
      });
      writer.write(chunk);
      written += chunk.length;
      await writer.drain();
      writer.writeEof();
      const [n, intact] = await reading;
      await p.close();
      return { waitingBeforeCancel, cancelled, received: n === written, intact, closing: writer.isClosing() };
    });
    expect(out).toEqual({ waitingBeforeCancel: true, cancelled: true, received: true, intact: true, closing: true });
  });

  it("cancelling openConnection() during the TLS handshake closes the socket", async () => {
    const out = await runMain(async () => {
      // A plain TCP server that never answers the ClientHello: the handshake waits until cancelled.
      const accepted = new Event();
      const closed = new Event();
      const server = await startServer(async (r: StreamReader, w: StreamWriter) => {
        accepted.set();
        try {
          await r.read(); // to EOF (or a reset): the client went away
        } finally {
          closed.set();
          w.close();
        }
      }, "127.0.0.1", 0);
      const t = createTask(awaiting(style, () => openConnection("127.0.0.1", portOf(server), { ssl: true })) as never);
      // Cancel only once the TCP connection exists, so that the handshake is what gets cancelled
      // (a fixed delay could cancel the connect itself on a loaded machine).
      await accepted.wait();
      await sleep(0.01);
      t.cancel();
      const e = await Promise.resolve(t).catch((x: unknown) => x);
      await closed.wait();
      server.close();
      await server.waitClosed();
      return [e instanceof CancelledError, t.cancelled(), closed.isSet()];
    });
    expect(out).toEqual([true, true, true]);
  });
});
