// The echo workloads on @aio streams (shared by echo-64b and echo-64k): one process runs an
// `startServer` echo server and CONNECTIONS clients from `openConnection` on one loop. Each client
// writes a message, drains, and reads the echo back with readexactly; one op is one round trip.
// The connections are opened before the clock starts, so the time is the exchange alone.
import { gather } from "@aio/combinators";
import type { Coroutine } from "@aio/core";
import { EventLoop } from "@aio/loop";
import { openConnection, startServer, type StreamReader, type StreamWriter } from "@aio/streams";
import { createTask } from "@aio/task";
import type { AddressInfo } from "node:net";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS } from "../harness.mjs";

export const CONNECTIONS = 100;

async function handleAsync(reader: StreamReader, writer: StreamWriter): Promise<void> {
  for (;;) {
    const data = await reader.read(65536);
    if (data.length === 0) break;
    writer.write(data);
    await writer.drain();
  }
  writer.close();
}

function* handleGen(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  for (;;) {
    const data = yield* reader.read(65536);
    if (data.length === 0) break;
    writer.write(data);
    yield* writer.drain();
  }
  writer.close();
}

async function clientAsync(reader: StreamReader, writer: StreamWriter, rounds: number, msg: Buffer): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    writer.write(msg);
    await writer.drain();
    bytes += (await reader.readexactly(msg.length)).length;
  }
  return bytes;
}

function* clientGen(reader: StreamReader, writer: StreamWriter, rounds: number, msg: Buffer): Coroutine<number> {
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    writer.write(msg);
    yield* writer.drain();
    bytes += (yield* reader.readexactly(msg.length)).length;
  }
  return bytes;
}

/** CPU seconds (user + system) this process has used. */
function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function once(style: "async" | "gen", size: number, total: number): Promise<[wall: number, cpu: number]> {
  const loop = new EventLoop();
  const rounds = Math.max(1, Math.floor(total / CONNECTIONS));
  const msg = Buffer.alloc(size, 0x61);
  let seconds = 0;
  let cpuSeconds = 0;
  await loop.runUntilComplete(async () => {
    const server = await startServer(style === "async" ? handleAsync : handleGen, "127.0.0.1", 0);
    const port = (server.sockets[0]!.address() as AddressInfo).port;
    const pairs = [];
    for (let i = 0; i < CONNECTIONS; i++) pairs.push(await openConnection("127.0.0.1", port));
    const start = now();
    const cpu0 = cpu();
    const counts = await gather(
      pairs.map(([r, w]) => (style === "async" ? createTask(() => clientAsync(r, w, rounds, msg)) : createTask(clientGen(r, w, rounds, msg)))),
    );
    seconds = now() - start;
    cpuSeconds = cpu() - cpu0;
    const bytes = counts.reduce((a, c) => a + c, 0);
    if (bytes !== rounds * CONNECTIONS * size) throw new Error(`echoed ${bytes} bytes, expected ${rounds * CONNECTIONS * size}`);
    for (const [, w] of pairs) w.close();
    for (const [, w] of pairs) await w.waitClosed();
    server.close();
    await server.waitClosed();
  });
  loop.close();
  return [seconds, cpuSeconds];
}

/** Runs the workload script: warm-up, then the measured run, then the result line. */
export async function main(workload: string, system: string, style: "async" | "gen", size: number, fallbackN: number): Promise<void> {
  const n = sizeFromArgs(fallbackN);
  for (let i = 0; i < WARMUP_RUNS; i++) await once(style, size, Math.max(CONNECTIONS, Math.floor(n / 10)));
  gc();
  const [seconds, cpuSeconds] = await once(style, size, n);
  const rounds = Math.max(1, Math.floor(n / CONNECTIONS)) * CONNECTIONS;
  const extra = { mbPerSec: (rounds * size) / seconds / 1e6, cpuNsPerOp: (cpuSeconds * 1e9) / rounds, connections: CONNECTIONS, messageBytes: size };
  report({ workload, system, n: rounds, seconds, extra });
}
