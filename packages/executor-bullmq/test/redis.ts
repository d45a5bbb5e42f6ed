// A real Redis for the tests: Debian's redis-server on a free port of 127.0.0.1, with a temporary
// directory and no persistence, stopped (and its directory removed) by stop().
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM, or SIGKILL with `kill`) and waits for it to exit. */
  stop(options?: { kill?: boolean }): Promise<void>;
}

let checked = false;

/** Throws a clear error when redis-server is not installed. */
function checkInstalled(): void {
  if (checked) return;
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      "these tests need a real Redis, and redis-server is not installed: run `apt-get install -y redis-server` " +
        "as root (`pnpm test` installs it when it runs as root)",
    );
  }
  checked = true;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something answers PING on the port with PONG. */
async function ping(port: number): Promise<boolean> {
  return await new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) {
        socket.destroy();
        resolve(reply.startsWith("+PONG"));
      }
    });
    socket.on("error", () => resolve(false));
  });
}

/**
 * Starts a redis-server of its own, on `port` or on a free port (trying another one if the one it
 * picked was taken meanwhile).
 */
export async function startRedis(options: { port?: number } = {}): Promise<RedisServer> {
  checkInstalled();
  let lastError: unknown = null;
  for (let attempt = 0; attempt < (options.port === undefined ? 5 : 1); attempt++) {
    const port = options.port ?? (await freePort());
    const dir = mkdtempSync(join(tmpdir(), "aio-redis-"));
    const child: ChildProcess = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let alive = true;
    void exited.then(() => (alive = false));
    const deadline = Date.now() + 10_000;
    while (alive && Date.now() < deadline && !(await ping(port))) await new Promise((r) => setTimeout(r, 20));
    if (alive && (await ping(port))) {
      let stopped: Promise<void> | null = null;
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        stop: ({ kill = false } = {}) => {
          stopped ??= (async () => {
            if (alive) child.kill(kill ? "SIGKILL" : "SIGTERM");
            await exited;
            rmSync(dir, { recursive: true, force: true });
          })();
          return stopped;
        },
      };
    }
    child.kill("SIGKILL");
    await exited;
    rmSync(dir, { recursive: true, force: true });
    lastError = new Error(`redis-server did not start on port ${port}: ${output.slice(-500)}`);
  }
  throw lastError;
}
