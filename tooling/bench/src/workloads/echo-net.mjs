// The echo workloads on hand-written node:net (the floor for @aio streams): the same exchange as
// echo.ts — CONNECTIONS clients on one process, each writes a message and waits for all of its
// bytes to come back before the next — with 'data' listeners and no framework at all.
import net from "node:net";
import { gc, now, report, sizeFromArgs, WARMUP_RUNS } from "../harness.mjs";

export const CONNECTIONS = 100;

function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
}

function connect(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: "127.0.0.1", noDelay: true }, () => resolve(s));
    s.once("error", reject);
  });
}

async function once(size, total) {
  const rounds = Math.max(1, Math.floor(total / CONNECTIONS));
  const msg = Buffer.alloc(size, 0x61);
  const server = net.createServer({ noDelay: true }, (s) => {
    s.on("data", (d) => s.write(d));
    s.on("end", () => s.end());
  });
  await listen(server);
  const port = server.address().port;
  const sockets = [];
  for (let i = 0; i < CONNECTIONS; i++) sockets.push(await connect(port));
  let echoed = 0;
  const start = now();
  const u0 = process.cpuUsage();
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise((resolve) => {
          let got = 0;
          let done = 0;
          s.on("data", (d) => {
            got += d.length;
            echoed += d.length;
            while (got >= size) {
              got -= size;
              if (++done === rounds) return resolve();
              s.write(msg);
            }
          });
          s.write(msg);
        }),
    ),
  );
  const seconds = now() - start;
  const u1 = process.cpuUsage(u0);
  const cpuSeconds = (u1.user + u1.system) / 1e6;
  if (echoed !== rounds * CONNECTIONS * size) throw new Error(`echoed ${echoed} bytes, expected ${rounds * CONNECTIONS * size}`);
  await Promise.all(sockets.map((s) => new Promise((resolve) => { s.on("close", resolve); s.end(); })));
  await new Promise((resolve) => server.close(resolve));
  return [seconds, cpuSeconds];
}

export async function main(workload, size, fallbackN) {
  const n = sizeFromArgs(fallbackN);
  for (let i = 0; i < WARMUP_RUNS; i++) await once(size, Math.max(CONNECTIONS, Math.floor(n / 10)));
  gc();
  const [seconds, cpuSeconds] = await once(size, n);
  const rounds = Math.max(1, Math.floor(n / CONNECTIONS)) * CONNECTIONS;
  const extra = { mbPerSec: (rounds * size) / seconds / 1e6, cpuNsPerOp: (cpuSeconds * 1e9) / rounds, connections: CONNECTIONS, messageBytes: size };
  report({ workload, system: "node-net", n: rounds, seconds, extra });
}
