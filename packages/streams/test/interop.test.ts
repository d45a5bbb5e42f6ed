// Interop with CPython itself: a CPython asyncio streams client against an @aio server, and an
// @aio client against a CPython asyncio streams server, exchanging the same bytes (lines, a 1 MiB
// binary payload, half-close). The interpreter is found at test time: the newest CPython 3.13
// that pyenv knows, else python3 on PATH.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { createTask } from "@aio/task";
import { StreamReader, StreamReaderProtocol, connectReadPipe, openConnection, startServer, type StreamWriter } from "../src/index.js";
import { STYLES, b, portOf, runMain } from "./helpers.js";

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** CPython 3.13 through pyenv if installed, else python3 on PATH; null when there is none. */
function findPython(): { exe: string; version: string } | null {
  const candidates: string[] = [];
  const versions = spawnSync("pyenv", ["versions", "--bare"], { encoding: "utf8" });
  if (versions.status === 0) {
    const v313 = versions.stdout.split("\n").map((s) => s.trim()).filter((s) => /^3\.13\.\d+$/.test(s)).sort().pop();
    if (v313 !== undefined) {
      const which = spawnSync("pyenv", ["which", "python3"], { encoding: "utf8", env: { ...process.env, PYENV_VERSION: v313 } });
      if (which.status === 0) candidates.push(which.stdout.trim());
    }
  }
  candidates.push("python3");
  for (const exe of candidates) {
    const r = spawnSync(exe, ["-c", "import sys; print(sys.version.split()[0])"], { encoding: "utf8" });
    if (r.status === 0) return { exe, version: r.stdout.trim() };
  }
  return null;
}

const python = findPython();
const PAYLOAD = Buffer.concat(Array.from({ length: 4096 }, () => Buffer.from(Array.from({ length: 256 }, (_, i) => i))));

/** Runs a python script to completion; resolves to its stdout. */
function runPython(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python!.exe, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`python exited with ${code}`))));
  });
}

describe.skipIf(python === null)(`interop with CPython (${python?.version ?? "missing"})`, () => {
  it("is CPython 3.13 when pyenv has it", () => {
    const versions = spawnSync("pyenv", ["versions", "--bare"], { encoding: "utf8" });
    if (versions.status === 0 && /^3\.13\./m.test(versions.stdout)) expect(python!.version).toMatch(/^3\.13\./);
  });

  it.each(STYLES)("a CPython asyncio client and an @aio server (%s) exchange the same bytes", async (style) => {
    const handler =
      style === "generator"
        ? function* (reader: StreamReader, writer: StreamWriter): Coroutine<void> {
            const hello = yield* reader.readline();
            writer.write(b(`WELCOME ${hello.toString().trim()}\n`));
            const n = Number(String(yield* reader.readline()));
            const payload = yield* reader.readexactly(n);
            writer.write(payload);
            yield* writer.drain();
            const rest = yield* reader.read(); // the client's write_eof
            writer.write(b(`got ${n} bytes, sha256 ${createHash("sha256").update(payload).digest("hex")}, then ${rest.length} and EOF\n`));
            writer.close();
            yield* writer.waitClosed();
          }
        : async (reader: StreamReader, writer: StreamWriter) => {
            const hello = await reader.readline();
            writer.write(b(`WELCOME ${hello.toString().trim()}\n`));
            const n = Number(String(await reader.readline()));
            const payload = await reader.readexactly(n);
            writer.write(payload);
            await writer.drain();
            const rest = await reader.read();
            writer.write(b(`got ${n} bytes, sha256 ${createHash("sha256").update(payload).digest("hex")}, then ${rest.length} and EOF\n`));
            writer.close();
            await writer.waitClosed();
          };
    const out = await runMain(async () => {
      const server = await startServer(handler, "127.0.0.1", 0);
      const stdout = await runPython([fixture("interop_client.py"), String(portOf(server))]);
      server.close();
      await server.waitClosed();
      return JSON.parse(stdout) as { welcome: string; echoed: boolean; summary: string; sha256: string; python: string };
    });
    const sha = createHash("sha256").update(PAYLOAD).digest("hex");
    expect(out.sha256).toBe(sha);
    expect(out).toEqual({
      python: python!.version,
      welcome: "WELCOME HELLO from python\n",
      echoed: true,
      summary: `got ${PAYLOAD.length} bytes, sha256 ${sha}, then 0 and EOF\n`,
      sha256: sha,
    });
  });

  it.each(STYLES)("an @aio client (%s) and a CPython asyncio server exchange the same bytes", async (style) => {
    const out = await runMain(async () => {
      const child = spawn(python!.exe, [fixture("interop_server.py")], { stdio: ["ignore", "pipe", "inherit"] });
      // The server's stdout is read through @aio/streams too.
      const stdout = new StreamReader();
      await connectReadPipe(() => new StreamReaderProtocol(stdout), child.stdout);
      const port = Number(String(await stdout.readline()));
      const talk =
        style === "generator"
          ? function* (): Coroutine<string[]> {
              const [reader, writer] = yield* openConnection("127.0.0.1", port);
              writer.writelines([b("one\n"), b("two\n"), b("BYE\n"), b(`${PAYLOAD.length}\n`), PAYLOAD]);
              const lines = [String(yield* reader.readline()), String(yield* reader.readline()), String(yield* reader.readline())];
              writer.write(b("tail"));
              writer.writeEof();
              lines.push(String(yield* reader.read()));
              writer.close();
              yield* writer.waitClosed();
              return lines;
            }
          : async (): Promise<string[]> => {
              const [reader, writer] = await openConnection("127.0.0.1", port);
              writer.writelines([b("one\n"), b("two\n"), b("BYE\n"), b(`${PAYLOAD.length}\n`), PAYLOAD]);
              const lines = [String(await reader.readline()), String(await reader.readline()), String(await reader.readline())];
              writer.write(b("tail"));
              writer.writeEof();
              lines.push(String(await reader.read()));
              writer.close();
              await writer.waitClosed();
              return lines;
            };
      const lines = await createTask(talk as () => Promise<string[]>);
      lines.push(String(await stdout.read()).trim()); // "python 3.13.x", then EOF as it exits
      return lines;
    });
    expect(out).toEqual([
      "ONE\n",
      "TWO\n",
      `${PAYLOAD.length} ${createHash("sha256").update(PAYLOAD).digest("hex")}\n`,
      "liat",
      `python ${python!.version}`,
    ]);
  });
});
