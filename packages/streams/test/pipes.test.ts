// connectReadPipe / connectWritePipe over a real child process's stdio (what @aio/subprocess
// builds on): a StreamWriter into the child's stdin with drain(), a StreamReader on its stdout.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { gather } from "@aio/combinators";
import { createTask } from "@aio/task";
import { FlowControlProtocol, Protocol, StreamReader, StreamReaderProtocol, StreamWriter, connectReadPipe, connectWritePipe, type ReadTransport } from "../src/index.js";
import { STYLES, payload, runMain } from "./helpers.js";

describe.each(STYLES)("pipes with %s coroutines", (style) => {
  it("megabytes through `cat` both ways: drain() on stdin, read() on stdout, in order", async () => {
    const data = payload(4 * 1024 * 1024, 21);
    const out = await runMain(async () => {
      const child = spawn("cat", [], { stdio: ["pipe", "pipe", "inherit"] });
      const reader = new StreamReader();
      const [rt] = await connectReadPipe(() => new StreamReaderProtocol(reader), child.stdout!);
      const [wt, wp] = await connectWritePipe(() => new FlowControlProtocol(), child.stdin!);
      const writer = new StreamWriter(wt, wp, null);
      const feed =
        style === "generator"
          ? createTask(function* () {
              for (let i = 0; i < data.length; i += 65536) {
                writer.write(data.subarray(i, i + 65536));
                yield* writer.drain();
              }
              writer.close();
              yield* writer.waitClosed();
            })
          : createTask(async () => {
              for (let i = 0; i < data.length; i += 65536) {
                writer.write(data.subarray(i, i + 65536));
                await writer.drain();
              }
              writer.close();
              await writer.waitClosed();
            });
      const collect = createTask(async () => await reader.read());
      const [, all] = await gather([feed, collect]);
      return [all.equals(data), wt.getExtraInfo("pipe") === child.stdin, (rt as ReadTransport).isClosing(), writer.canWriteEof()];
    });
    expect(out).toEqual([true, true, true, true]);
  });
});

describe("pipes", () => {
  it("a read pipe delivers made, data, eof, lost in order", async () => {
    const log = await runMain(async () => {
      const child = spawn(process.execPath, ["-e", "process.stdout.write('out')"], { stdio: ["ignore", "pipe", "inherit"] });
      const log: string[] = [];
      let done!: () => void;
      const ended = new Promise<void>((r) => (done = r));
      class P extends Protocol {
        override connectionMade(): void {
          log.push("made");
        }
        override dataReceived(d: Uint8Array): void {
          log.push(`data ${Buffer.from(d).toString()}`);
        }
        override eofReceived(): void {
          log.push("eof");
        }
        override connectionLost(exc: Error | null): void {
          log.push(`lost ${exc}`);
          done();
        }
      }
      await connectReadPipe(() => new P(), child.stdout!);
      await ended;
      return log;
    });
    expect(log).toEqual(["made", "data out", "eof", "lost null"]);
  });

  it("writing to a child that exits: drain() fails (EPIPE, or the lost connection), waitClosed() settles", async () => {
    const out = await runMain(async () => {
      const child = spawn(process.execPath, ["-e", "process.stdin.once('data', () => process.exit(0))"], { stdio: ["pipe", "ignore", "inherit"] });
      const [wt, wp] = await connectWritePipe(() => new FlowControlProtocol(), child.stdin!);
      const writer = new StreamWriter(wt, wp, null);
      let drainError = "";
      for (let i = 0; i < 10_000 && drainError === ""; i++) {
        writer.write(payload(65536));
        try {
          await writer.drain();
        } catch (e) {
          drainError = (e as { code?: string }).code ?? String(e);
        }
      }
      const closed = await Promise.resolve(writer.waitClosed()).then(
        () => "closed",
        (e: unknown) => (e as { code?: string }).code,
      );
      return [drainError, closed, writer.isClosing()];
    });
    expect(["EPIPE", "ECONNRESET"]).toContain(out[0]);
    expect(["closed", "EPIPE"]).toContain(out[1]);
    expect(out[2]).toBe(true);
  });
});
