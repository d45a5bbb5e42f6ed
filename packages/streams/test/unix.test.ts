// Unix domain sockets: startUnixServer / openUnixConnection and the protocol variants.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { Protocol, createUnixConnection, createUnixServer, openUnixConnection, startUnixServer, type StreamReader, type StreamWriter, type Transport } from "../src/index.js";
import { STYLES, b, runMain } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "aio-streams-unix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const sockPath = (): string => join(dir, `s${++n}.sock`);

describe.each(STYLES)("Unix sockets with %s coroutines", (style) => {
  it("echo lines; peername/sockname are paths; writeEof half-closes", async () => {
    const path = sockPath();
    const out = await runMain(async () => {
      const server = await startUnixServer(
        style === "generator"
          ? function* (r: StreamReader, w: StreamWriter): Coroutine<void> {
              for (;;) {
                const line = yield* r.readline();
                if (line.length === 0) break;
                w.write(line);
              }
              w.write(b(`sockname=${String(w.getExtraInfo("sockname"))}\n`));
              w.close();
            }
          : async (r: StreamReader, w: StreamWriter) => {
              for await (const line of r) w.write(line);
              w.write(b(`sockname=${String(w.getExtraInfo("sockname"))}\n`));
              w.close();
            },
        path,
      );
      const [r, w] = await openUnixConnection(path);
      w.write(b("over a unix socket\n"));
      w.writeEof();
      const all = String(await r.read());
      const peer = w.getExtraInfo("peername");
      const shown = String(server);
      w.close();
      await w.waitClosed();
      server.close();
      await server.waitClosed();
      return [all, peer === path, shown];
    });
    expect(out).toEqual([`over a unix socket\nsockname=${path}\n`, true, `<Server sockets=[${path}]>`]);
  });
});

describe("Unix sockets", () => {
  it("a stale socket file is replaced; a regular file in the way is an error", async () => {
    const path = sockPath();
    const other = join(dir, "regular-file");
    writeFileSync(other, "x");
    // A socket file left behind by a process that was killed while it listened.
    const killed = spawnSync(process.execPath, ["-e", "require('net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))", path]);
    expect(killed.signal).toBe("SIGKILL");
    expect(statSync(path).isSocket()).toBe(true);
    const out = await runMain(async () => {
      const second = await startUnixServer((_r: StreamReader, w: StreamWriter) => w.close(), path);
      const [r] = await openUnixConnection(path);
      const eof = (await r.read()).length;
      second.close();
      await second.waitClosed();
      const err = await Promise.resolve(startUnixServer(() => {}, other)).catch((e: unknown) => (e as { code?: string }).code);
      return [eof, err];
    });
    expect(out).toEqual([0, "EADDRINUSE"]);
    expect(existsSync(other)).toBe(true);
  });

  it("createUnixServer / createUnixConnection with protocols", async () => {
    const path = sockPath();
    const out = await runMain(async () => {
      const got: string[] = [];
      class Upper extends Protocol {
        t!: Transport;
        override connectionMade(t: Transport): void {
          this.t = t;
        }
        override dataReceived(d: Uint8Array): void {
          this.t.write(b(Buffer.from(d).toString().toUpperCase()));
          this.t.close();
        }
      }
      class Client extends Protocol {
        done!: () => void;
        ended = new Promise<void>((res) => (this.done = res));
        override connectionMade(t: Transport): void {
          t.write(b("shout"));
        }
        override dataReceived(d: Uint8Array): void {
          got.push(Buffer.from(d).toString());
        }
        override connectionLost(): void {
          this.done();
        }
      }
      const server = await createUnixServer(() => new Upper(), path);
      const [, client] = await createUnixConnection(() => new Client(), path);
      await client.ended;
      server.close();
      await server.waitClosed();
      return got.join("");
    });
    expect(out).toBe("SHOUT");
  });

  it("openUnixConnection to a missing path rejects with ENOENT", async () => {
    const e = await runMain(async () => Promise.resolve(openUnixConnection(join(dir, "missing.sock"))).catch((x: unknown) => (x as { code?: string }).code));
    expect(e).toBe("ENOENT");
  });
});
