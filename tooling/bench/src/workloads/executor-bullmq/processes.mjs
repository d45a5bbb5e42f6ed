// The processes of a distributed row: a redis-server of its own (free port of 127.0.0.1, temporary
// directory, no persistence) and worker processes that print a ready line.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function ping(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.setTimeout(500, () => (socket.destroy(), resolve(false)));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => (socket.destroy(), resolve(chunk.toString().startsWith("+PONG"))));
    socket.on("error", () => resolve(false));
  });
}

/** Starts redis-server; resolves with { port, url, stop() }. */
export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "aio-bench-redis-"));
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const failed = new Promise((_, reject) => child.once("error", (error) => reject(new Error(`redis-server could not start (is it installed?): ${error.message}`))));
  const deadline = Date.now() + 10_000;
  while (!(await Promise.race([ping(port), failed]))) {
    if (Date.now() > deadline) throw new Error("redis-server did not answer within 10 s");
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts `node script ...args` and resolves once it printed `ready`; stop() kills it. */
export async function startProcess(script, args) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk.toString();
      if (out.includes("ready")) resolve();
    });
    void exited.then((code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
  return {
    async stop() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
