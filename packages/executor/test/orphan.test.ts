// A process worker whose parent died (killed while the worker ran a job) must end, and quietly:
// no EPIPE crash trace when the job finishes and its reply cannot be sent.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { scratch } from "./helpers.js";

const parentScript = fileURLToPath(new URL("./fixtures/orphan-parent.mjs", import.meta.url));
const cwd = fileURLToPath(new URL("..", import.meta.url));

/** How `pid` is: "gone", or its /proc state; a zombie (exited, not reaped by whoever adopted it) counts as gone. */
function state(pid: number): string {
  try {
    process.kill(pid, 0);
  } catch {
    return "gone";
  }
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return "running";
  const text = readFileSync(stat, "utf8");
  return /\) Z /.test(text) ? "gone" : `running: ${text.slice(0, 80)}`;
}

describe("a ProcessPoolExecutor worker whose parent was killed", () => {
  it.each([
    ["busy in a synchronous job, it finishes it and exits without an EPIPE trace", "busy"],
    ["waiting in an async job, it exits when the channel closes", "waiting"],
  ])("%s", async (_what, mode) => {
    const s = scratch();
    const parent = spawn(process.execPath, [parentScript, s.dir, mode], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const ended = (stream: NodeJS.ReadableStream) => new Promise<void>((resolve) => {
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (output += chunk));
      stream.on("end", resolve);
    });
    // The worker inherited both pipes: they reach end-of-file only once the worker has exited too.
    const closed = Promise.all([ended(parent.stdout), ended(parent.stderr)]);
    const parentExit = new Promise((resolve) => parent.on("exit", resolve));
    // Generous: this starts two Node processes, on a machine that may be busy with other tests.
    await s.started("job", 15_000);
    // Written in full before job.started appears (job.started itself could be read half-written).
    const worker = Number(s.read("job.pid"));
    expect(worker).toBeGreaterThan(0);
    expect(worker).not.toBe(parent.pid);
    parent.kill("SIGKILL");
    await parentExit;
    s.open("job");
    await closed;
    expect(output).toBe("");
    await vi.waitFor(() => expect(state(worker)).toBe("gone"), { timeout: 10_000, interval: 5 });
  }, 40_000);
});
