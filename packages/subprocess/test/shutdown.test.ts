// What run() leaves behind: children still running when main returns are killed when the loop
// closes (as asyncio kills the child of an abandoned subprocess transport), and every child is
// reaped by Node, so none lingers as a zombie.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { Runner, run } from "@aio/loop";
import { PIPE, createSubprocessExec, type Process } from "@aio/subprocess";
import { eventually, guarded, procState } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));

describe("run() shutdown and child processes", () => {
  it("a child that outlives main is killed when run() closes the loop, and reaped (async main)", async () => {
    let proc: Process | null = null;
    const returned = await run(async () => {
      proc = await createSubprocessExec("sleep", ["30"], { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      return "main done";
    });
    expect(returned).toBe("main done");
    const pid = proc!.pid;
    expect(await eventually(() => procState(pid) === null)).toBe(true); // gone: neither running nor a zombie
    expect(proc!.returncode).toBe(-9);
  });

  it("the same for a child with no pipes (generator main)", async () => {
    const proc = await run(function* (): Coroutine<Process> {
      return yield* createSubprocessExec("sleep", ["30"]);
    });
    expect(await eventually(() => procState(proc.pid) === null)).toBe(true);
  });

  it("a child that exited by itself is reaped even if nobody waits for it", async () => {
    const pid = await run(async () => {
      const proc = await createSubprocessExec("true", []);
      const rc = await guarded(proc.wait());
      expect(rc).toBe(0);
      return proc.pid;
    });
    expect(procState(pid)).toBeNull();
  });

  it("a child that exits while nobody waits (after main's last await) is reaped, not a zombie", async () => {
    const runner = new Runner();
    const proc = await runner.run(() => createSubprocessExec("sh", ["-c", "exit 0"]));
    // The loop is not running: Node still reaps the child when it exits.
    expect(await eventually(() => procState(proc.pid) === null)).toBe(true);
    await runner.run(async () => expect(await guarded(proc.wait())).toBe(0));
    await runner.close();
  });

  it("a process whose main leaves children behind still exits promptly, leaving nothing behind", () => {
    const started = Date.now();
    const out = spawnSync(process.execPath, ["--import", "tsx", join("test", "fixtures", "outlive.ts")], {
      cwd: resolve(here, ".."),
      env: { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.test.json" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000); // not the children's 30 s
    const pids = JSON.parse(out.stdout) as { piped: number; plain: number; grandchild: number };
    // The children were killed with the loop, and Node reaped them before it exited.
    expect(procState(pids.piped)).toBeNull();
    expect(procState(pids.plain)).toBeNull();
    // The grandchild is not ours to kill (asyncio does not either): it still runs, orphaned.
    expect(procState(pids.grandchild)).not.toBe("Z");
    process.kill(pids.grandchild, "SIGKILL");
  });
});
