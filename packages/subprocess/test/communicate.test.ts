// Process.communicate(): megabytes in both directions at once, without deadlock.
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { run } from "@aio/loop";
import { PIPE, createSubprocessExec, createSubprocessShell } from "@aio/subprocess";
import { guarded, pattern } from "./helpers.js";

const MB = 1024 * 1024;
// A tee to stdout and stderr with blocking writes (fs.writeSync), in Node.
const TEE = `const fs = require("fs"); const buf = Buffer.alloc(65536);
const retry = (f) => { for (;;) { try { return f(); } catch (e) { if (e.code !== "EAGAIN") throw e; } } };
for (let n; (n = retry(() => fs.readSync(0, buf))) > 0; ) {
  for (const fd of [1, 2]) for (let o = 0; o < n; ) o += retry(() => fs.writeSync(fd, buf, o, n - o));
}`;

describe("Process.communicate()", () => {
  it("round-trips several MB through cat (async function)", async () => {
    const input = pattern(6 * MB, 7);
    const [out, err] = await run(async () => {
      const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      return await guarded(proc.communicate(input), 30);
    });
    expect(err).toBeNull();
    expect(out!.length).toBe(input.length);
    expect(Buffer.compare(Buffer.from(out!), input)).toBe(0);
  });

  it("feeds stdin while it drains stdout and stderr: tee to both pipes (generator)", async () => {
    // The child copies every chunk of stdin to stdout and to stderr, with blocking writes: a caller
    // that wrote all of stdin first, or read one pipe before the other, would wait forever once a
    // pipe buffer filled up.
    const input = pattern(4 * MB, 11);
    const [out, err, rc] = await run(function* (): Coroutine<[Uint8Array | null, Uint8Array | null, number | null]> {
      const proc = yield* createSubprocessExec(process.execPath, ["-e", TEE], { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      const [out, err] = yield* guarded(proc.communicate(input), 30);
      return [out, err, proc.returncode];
    });
    expect(rc).toBe(0);
    expect(Buffer.compare(Buffer.from(out!), input)).toBe(0);
    expect(Buffer.compare(Buffer.from(err!), input)).toBe(0);
  });

  it("collects large output with no input (stdout and stderr, 3 MB each)", async () => {
    const [out, err] = await run(async () => {
      const proc = await createSubprocessShell("head -c 3145728 /dev/zero; head -c 3145728 /dev/zero >&2", { stdout: PIPE, stderr: PIPE });
      return await guarded(proc.communicate(), 30);
    });
    expect(out!.length).toBe(3 * MB);
    expect(err!.length).toBe(3 * MB);
  });

  it("closes stdin when there is no input (the child sees end of file)", async () => {
    const [out] = await run(async () => {
      const proc = await createSubprocessExec("wc", ["-c"], { stdin: PIPE, stdout: PIPE });
      return await guarded(proc.communicate());
    });
    expect(out!.toString().trim()).toBe("0");
  });

  it("ignores input when stdin is not a pipe, as asyncio does", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("true", []);
      return await guarded(proc.communicate(Buffer.from("nobody reads this")));
    });
    expect(got).toEqual([null, null]);
  });

  it("a child that exits without reading its input is not an error (broken pipe ignored)", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", "echo bye; exit 5"], { stdin: PIPE, stdout: PIPE });
      const [out] = await guarded(proc.communicate(pattern(2 * MB)));
      return [out!.toString(), proc.returncode];
    });
    expect(got).toEqual(["bye\n", 5]);
  });

  it("wait() resolves when the child exits; communicate() also waits for the pipes to close", async () => {
    // The shell exits at once, leaving a background job that holds stdout open until it reads a
    // line from the stdin pipe (through fd 3: a background job's own stdin is /dev/null).
    const log = await run(async () => {
      const proc = await createSubprocessShell("exec 3<&0; (read x <&3; echo late) & echo early", { stdin: PIPE, stdout: PIPE });
      const log: string[] = [];
      log.push(`exited ${await guarded(proc.wait())}`);
      log.push(`read ${(await guarded(proc.stdout!.readline())).toString().trim()}`);
      const rest = proc.communicate(Buffer.from("go\n"));
      const [out] = await guarded(rest);
      log.push(`communicate ${out!.toString().trim()}`);
      return log;
    });
    expect(log).toEqual(["exited 0", "read early", "communicate late"]);
  });

  it("refuses input that is not bytes (TypeError at the call)", async () => {
    await run(async () => {
      const proc = await createSubprocessExec("true", [], { stdin: PIPE });
      expect(() => proc.communicate("text" as unknown as Uint8Array)).toThrow(
        /^Process\.communicate\(input\): expected a Uint8Array \(encode strings with Buffer\.from\), got "text"/,
      );
      await guarded(proc.communicate());
    });
  });
});
