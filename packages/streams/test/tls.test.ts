// TLS through node:tls, with a self-signed certificate made at test time by the openssl CLI:
// TLS servers and clients, startTls on a live connection, verification failures, handshake
// timeouts, and failed handshakes that never reach the server's callback.
import { createSecureContext, type PeerCertificate } from "node:tls";
import { describe, expect, it } from "vitest";
import { TimeoutError, type Coroutine } from "@aio/core";
import { openConnection, startServer, type StreamReader, type StreamWriter } from "../src/index.js";
import { STYLES, b, payload, portOf, runMain } from "./helpers.js";
import { selfSignedCert } from "./tls-helpers.js";

const code = (e: unknown): string => (e as { code?: string }).code ?? (e as Error).name;

describe.each(STYLES)("TLS with %s coroutines", (style) => {
  it("a TLS server echoes to a TLS client that trusts its certificate", async () => {
    const { key, cert } = selfSignedCert();
    const data = payload(200_000, 11);
    const out = await runMain(async () => {
      const server = await startServer(
        style === "generator"
          ? function* (r: StreamReader, w: StreamWriter): Coroutine<void> {
              const n = Number(String(yield* r.readline()));
              w.write(yield* r.readexactly(n));
              yield* w.drain();
              w.close();
            }
          : async (r: StreamReader, w: StreamWriter) => {
              const n = Number(String(await r.readline()));
              w.write(await r.readexactly(n));
              await w.drain();
              w.close();
            },
        "127.0.0.1",
        0,
        { ssl: createSecureContext({ key, cert }) },
      );
      const port = portOf(server);
      const [r, w] = await openConnection("127.0.0.1", port, { ssl: { ca: cert }, serverHostname: "localhost" });
      w.write(b(`${data.length}\n`));
      w.write(data);
      const back = await r.read();
      const info = {
        tls: w.getExtraInfo("sslcontext") !== null && w.getExtraInfo("ssl_object") !== null,
        cn: (w.getExtraInfo("peercert") as PeerCertificate).subject.CN,
        cipher: typeof (w.getExtraInfo("cipher") as { name?: string }).name,
        peer: w.getExtraInfo("peername"),
        canWriteEof: w.canWriteEof(),
      };
      let writeEofError = "";
      try {
        w.writeEof();
      } catch (e) {
        writeEofError = (e as Error).message;
      }
      w.close();
      await w.waitClosed();
      server.close();
      await server.waitClosed();
      return { same: back.equals(data), info, writeEofError, port };
    });
    expect(out.same).toBe(true);
    expect(out.info).toEqual({ tls: true, cn: "localhost", cipher: "string", peer: ["127.0.0.1", out.port], canWriteEof: false });
    expect(out.writeEofError).toBe("Transport.writeEof(): a TLS transport cannot half-close (canWriteEof() is false)");
  });

  it("startTls() upgrades a live connection on both sides (STARTTLS)", async () => {
    const { key, cert } = selfSignedCert();
    const out = await runMain(async () => {
      const server = await startServer(
        style === "generator"
          ? function* (r: StreamReader, w: StreamWriter): Coroutine<void> {
              const cmd = yield* r.readline();
              w.write(b("OK\n"));
              yield* w.startTls({ key, cert });
              const line = yield* r.readline();
              w.write(Buffer.concat([b(String(w.getExtraInfo("sslcontext") !== null)), b(" "), cmd, line]));
              yield* w.drain();
              w.close();
            }
          : async (r: StreamReader, w: StreamWriter) => {
              const cmd = await r.readline();
              w.write(b("OK\n"));
              await w.startTls({ key, cert });
              const line = await r.readline();
              w.write(Buffer.concat([b(String(w.getExtraInfo("sslcontext") !== null)), b(" "), cmd, line]));
              await w.drain();
              w.close();
            },
        "127.0.0.1",
        0,
      );
      const [r, w] = await openConnection("127.0.0.1", portOf(server));
      const before = w.getExtraInfo("sslcontext");
      w.write(b("STARTTLS\n"));
      const ok = String(await r.readline());
      await w.startTls({ ca: cert }, { serverHostname: "localhost" });
      w.write(b("secret\n"));
      const reply = String(await r.read());
      w.close();
      await w.waitClosed();
      server.close();
      await server.waitClosed();
      return [before, ok, reply, w.getExtraInfo("sslcontext") !== null];
    });
    expect(out).toEqual([null, "OK\n", "true STARTTLS\nsecret\n", true]);
  });
});

describe("TLS failures", () => {
  it("a certificate nobody trusts, or for another name, fails the client's handshake; the server goes on", async () => {
    const { key, cert } = selfSignedCert();
    const out = await runMain(async () => {
      let served = 0;
      const server = await startServer(async (r: StreamReader, w: StreamWriter) => {
        served++;
        w.write(await r.readline());
        w.close();
      }, "127.0.0.1", 0, { ssl: { key, cert } });
      const port = portOf(server);
      const untrusted = await Promise.resolve(openConnection("127.0.0.1", port, { ssl: true })).catch(code);
      const wrongName = await Promise.resolve(openConnection("127.0.0.1", port, { ssl: { ca: cert }, serverHostname: "example.com" })).catch(code);
      const [r, w] = await openConnection("localhost", port, { ssl: { ca: cert } });
      w.write(b("fine\n"));
      const line = String(await r.readline());
      w.close();
      server.close();
      await server.waitClosed();
      return [untrusted, wrongName, line, served];
    });
    expect(out).toEqual(["DEPTH_ZERO_SELF_SIGNED_CERT", "ERR_TLS_CERT_ALTNAME_INVALID", "fine\n", 1]);
  });

  it("a server that requires client certificates accepts a trusted one and refuses the others", async () => {
    const server = selfSignedCert();
    const client = selfSignedCert("client.example");
    const stranger = selfSignedCert("stranger.example");
    const out = await runMain(async () => {
      const seen: string[] = [];
      const srv = await startServer(async (r: StreamReader, w: StreamWriter) => {
        const sock = w.getExtraInfo("ssl_object") as { authorized: boolean };
        const cn = (w.getExtraInfo("peercert") as PeerCertificate).subject.CN;
        seen.push(`${cn} authorized=${sock.authorized}`);
        w.write(b("welcome\n"));
        await r.read();
        w.close();
      }, "127.0.0.1", 0, { ssl: { key: server.key, cert: server.cert, ca: client.cert, requestCert: true } });
      const port = portOf(srv);
      const attempt = async (opts: object): Promise<string> => {
        try {
          const [r, w] = await openConnection("127.0.0.1", port, { ssl: { ca: server.cert, ...opts }, serverHostname: "localhost" });
          const line = String(await r.readline());
          w.close();
          return line === "" ? "refused" : line.trim();
        } catch (e) {
          return `refused (${code(e)})`;
        }
      };
      const results = [await attempt({}), await attempt({ key: stranger.key, cert: stranger.cert }), await attempt({ key: client.key, cert: client.cert })];
      srv.close();
      await srv.waitClosed();
      return { results, seen };
    });
    expect(out.results[0]).toMatch(/^refused/);
    expect(out.results[1]).toMatch(/^refused/);
    expect(out.results[2]).toBe("welcome");
    expect(out.seen).toEqual(["client.example authorized=true"]);
  });

  it("a handshake that takes longer than sslHandshakeTimeout fails with TimeoutError", async () => {
    const out = await runMain(async () => {
      const server = await startServer(async (r: StreamReader, w: StreamWriter) => {
        await r.read();
        w.close();
      }, "127.0.0.1", 0); // plain TCP: never answers the ClientHello
      const e = await Promise.resolve(openConnection("127.0.0.1", portOf(server), { ssl: true, sslHandshakeTimeout: 0.05 })).catch((x: unknown) => x);
      server.close();
      await server.waitClosed();
      return [e instanceof TimeoutError, (e as Error).message];
    });
    expect(out).toEqual([true, "TLS handshake is taking longer than 0.05 seconds: aborting the connection"]);
  });

  it("a plain-text client on a TLS server never reaches the callback", async () => {
    const { key, cert } = selfSignedCert();
    const out = await runMain(async () => {
      let served = 0;
      const server = await startServer(() => {
        served++;
      }, "127.0.0.1", 0, { ssl: createSecureContext({ key, cert }) });
      const [r, w] = await openConnection("127.0.0.1", portOf(server));
      w.write(b("GET / HTTP/1.0\r\n\r\n"));
      const reply = await Promise.resolve(r.read()).then(
        (x) => `eof after ${x.length > 0 ? "an alert" : "nothing"}`,
        (e: unknown) => code(e),
      );
      w.close();
      server.close();
      await server.waitClosed();
      return [served, reply.startsWith("eof") || reply === "ECONNRESET"];
    });
    expect(out).toEqual([0, true]);
  });
});
