// UDP endpoints: createDatagramEndpoint with DatagramProtocol, bound and connected.
import { describe, expect, it } from "vitest";
import { sleep } from "@aio/combinators";
import { DatagramProtocol, createDatagramEndpoint, type DatagramTransport, type SocketAddress } from "../src/index.js";
import { b, runMain } from "./helpers.js";

class Echo extends DatagramProtocol {
  t!: DatagramTransport;
  override connectionMade(t: DatagramTransport): void {
    this.t = t;
  }
  override datagramReceived(data: Uint8Array, addr: SocketAddress): void {
    this.t.sendto(b(`echo:${Buffer.from(data).toString()}`), addr);
  }
}

class Collect extends DatagramProtocol {
  got: string[] = [];
  errors: string[] = [];
  lost: string[] = [];
  override datagramReceived(data: Uint8Array, addr: SocketAddress): void {
    this.got.push(`${Buffer.from(data).toString()} from ${Array.isArray(addr) ? addr[0] : addr}`);
  }
  override errorReceived(exc: Error): void {
    this.errors.push((exc as { code?: string }).code ?? exc.message);
  }
  override connectionLost(exc: Error | null): void {
    this.lost.push(String(exc));
  }
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(0.002);
}

describe("createDatagramEndpoint", () => {
  it("a bound endpoint echoes datagrams to a connected one", async () => {
    const out = await runMain(async () => {
      const [server] = await createDatagramEndpoint(() => new Echo(), { localAddr: ["127.0.0.1", 0] });
      const [, port] = server.getExtraInfo("sockname") as [string, number];
      const [client, c] = await createDatagramEndpoint(() => new Collect(), { remoteAddr: ["127.0.0.1", port] });
      client.sendto(b("one"));
      client.sendto(b("two"), ["127.0.0.1", port]);
      await until(() => c.got.length === 2);
      const peer = client.getExtraInfo("peername");
      let wrong = "";
      try {
        client.sendto(b("x"), ["127.0.0.1", port + 1]);
      } catch (e) {
        wrong = `${(e as Error).name}: ${(e as Error).message}`;
      }
      client.close();
      server.close();
      await until(() => c.lost.length === 1);
      return { got: c.got.sort(), peer, port, wrong, lost: c.lost, closing: client.isClosing() };
    });
    expect(out.got).toEqual(["echo:one from 127.0.0.1", "echo:two from 127.0.0.1"]);
    expect(out.peer).toEqual(["127.0.0.1", out.port]);
    expect(out.wrong).toBe(`RangeError: DatagramTransport.sendto(addr): Invalid address: must be null or [127.0.0.1, ${out.port}], got 127.0.0.1,${out.port + 1}`);
    expect(out.lost).toEqual(["null"]);
    expect(out.closing).toBe(true);
  });

  it("an unconnected endpoint needs an address for each datagram", async () => {
    const out = await runMain(async () => {
      const [server, s] = await createDatagramEndpoint(() => new Collect(), { localAddr: ["127.0.0.1", 0] });
      const [, port] = server.getExtraInfo("sockname") as [string, number];
      const [client] = await createDatagramEndpoint(() => new DatagramProtocol(), { localAddr: ["127.0.0.1", 0] });
      let missing = "";
      try {
        client.sendto(b("x"));
      } catch (e) {
        missing = (e as Error).message;
      }
      client.sendto(b("hello"), ["127.0.0.1", port]);
      await until(() => s.got.length === 1);
      client.abort();
      server.close();
      return [missing, s.got];
    });
    expect(out).toEqual(["DatagramTransport.sendto(addr): the endpoint is not connected: expected [host, port], got undefined", ["hello from 127.0.0.1"]]);
  });

  it("ICMP port unreachable on a connected endpoint reaches errorReceived; the endpoint stays open", async () => {
    const out = await runMain(async () => {
      const [probe] = await createDatagramEndpoint(() => new DatagramProtocol(), { localAddr: ["127.0.0.1", 0] });
      const [, port] = probe.getExtraInfo("sockname") as [string, number];
      probe.close(); // now nothing listens on `port`
      await sleep(0.01);
      const [client, c] = await createDatagramEndpoint(() => new Collect(), { remoteAddr: ["127.0.0.1", port] });
      for (let i = 0; i < 20 && c.errors.length === 0; i++) {
        client.sendto(b("anyone?"));
        await sleep(0.01);
      }
      const open = !client.isClosing();
      client.close();
      return [c.errors[0], open];
    });
    expect(out).toEqual(["ECONNREFUSED", true]);
  });

  it("binding a port in use rejects with EADDRINUSE", async () => {
    const out = await runMain(async () => {
      const [a] = await createDatagramEndpoint(() => new DatagramProtocol(), { localAddr: ["127.0.0.1", 0] });
      const [, port] = a.getExtraInfo("sockname") as [string, number];
      const e = await Promise.resolve(createDatagramEndpoint(() => new DatagramProtocol(), { localAddr: ["127.0.0.1", port] })).catch(
        (x: unknown) => (x as { code?: string }).code,
      );
      a.close();
      return e;
    });
    expect(out).toBe("EADDRINUSE");
  });
});
