// createSubprocessExec / createSubprocessShell with real child processes, on a real-time loop.
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { inspect } from "node:util";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { run } from "@aio/loop";
import { DEVNULL, PIPE, STDOUT, createSubprocessExec, createSubprocessShell, type Process } from "@aio/subprocess";
import { guarded } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "aio-subprocess-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("createSubprocessExec()", () => {
  it("echoes lines through cat: write, drain, readline (async function)", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      const lines: string[] = [];
      for (const word of ["one", "two", "three"]) {
        proc.stdin!.write(Buffer.from(`${word}\n`));
        await proc.stdin!.drain();
        lines.push((await guarded(proc.stdout!.readline())).toString());
      }
      proc.stdin!.close();
      const eof = await proc.stdout!.read();
      return { lines, eof: eof.length, status: await guarded(proc.wait()), rc: proc.returncode };
    });
    expect(got).toEqual({ lines: ["one\n", "two\n", "three\n"], eof: 0, status: 0, rc: 0 });
  });

  it("echoes lines through cat: write, drain, readline (generator)", async () => {
    const got = await run(function* (): Coroutine<string[]> {
      const proc = yield* createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      const lines: string[] = [];
      for (const word of ["one", "two"]) {
        proc.stdin!.write(Buffer.from(`${word}\n`));
        yield* proc.stdin!.drain();
        lines.push((yield* guarded(proc.stdout!.readline())).toString());
      }
      proc.stdin!.close();
      lines.push(`exit ${yield* guarded(proc.wait())}`);
      return lines;
    });
    expect(got).toEqual(["one\n", "two\n", "exit 0"]);
  });

  it("passes arguments as they are, with no shell in between", async () => {
    const [out] = await run(async () => {
      const proc = await createSubprocessExec("printf", ["%s|", "a b", "$HOME", "*", ""], { stdout: PIPE });
      return await guarded(proc.communicate());
    });
    expect(out!.toString()).toBe("a b|$HOME|*||");
  });

  it("returns the exit status: wait(), returncode, communicate()", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", "exit 3"]);
      const before = proc.returncode;
      const status = await guarded(proc.wait());
      const again = await proc.wait(); // already known: at once
      return [before, status, again, proc.returncode];
    });
    expect(got).toEqual([null, 3, 3, 3]);
  });

  it("gives stdin/stdout/stderr only for pipes; the others are null", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("true", [], { stdout: PIPE });
      const streams = [proc.stdin, proc.stdout !== null, proc.stderr];
      await guarded(proc.communicate());
      return streams;
    });
    expect(got).toEqual([null, true, null]);
  });

  it("stderr=STDOUT sends both streams into one pipe, in the order they were written", async () => {
    const [out, err] = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", "echo 1; echo 2 >&2; echo 3; echo 4 >&2"], { stdout: PIPE, stderr: STDOUT });
      expect(proc.stderr).toBeNull();
      return await guarded(proc.communicate());
    });
    expect(out!.toString()).toBe("1\n2\n3\n4\n");
    expect(err).toBeNull();
  });

  it("stderr=STDOUT keeps the program's own pid and exit status", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", 'echo "$$" >&2; exit 7'], { stdout: PIPE, stderr: STDOUT });
      const [out] = await guarded(proc.communicate());
      return [Number(out!.toString()) === proc.pid, proc.returncode];
    });
    expect(got).toEqual([true, 7]);
  });

  it("stderr=STDOUT with stdout=DEVNULL drops both", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", "echo out; echo err >&2"], { stdout: DEVNULL, stderr: STDOUT });
      return await guarded(proc.communicate());
    });
    expect(got).toEqual([null, null]);
  });

  it("DEVNULL: stdin reads nothing, output is dropped", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", "wc -c; echo gone >&2"], { stdin: DEVNULL, stdout: PIPE, stderr: DEVNULL });
      const [out, err] = await guarded(proc.communicate());
      return [out!.toString().trim(), err];
    });
    expect(got).toEqual(["0", null]);
  });

  it("writes to a file descriptor given as a number, and reads from one", async () => {
    const outFile = join(dir, "out.txt");
    const inFile = join(dir, "in.txt");
    writeFileSync(inFile, "from a file\n");
    const fdOut = openSync(outFile, "w");
    const fdRead = openSync(inFile, "r");
    try {
      await run(async () => {
        const proc = await createSubprocessExec("sh", ["-c", "cat; echo to-err >&2"], { stdin: fdRead, stdout: fdOut, stderr: STDOUT });
        expect([proc.stdin, proc.stdout, proc.stderr]).toEqual([null, null, null]);
        expect(await guarded(proc.wait())).toBe(0);
      });
    } finally {
      closeSync(fdOut);
      closeSync(fdRead);
    }
    expect(readFileSync(outFile, "utf8")).toBe("from a file\nto-err\n");
  });

  it("uses options.cwd and options.env (env replaces the environment)", async () => {
    const [out] = await run(async () => {
      const proc = await createSubprocessExec("/bin/sh", ["-c", 'pwd; echo "$AIO_X|$HOME"'], {
        stdout: PIPE,
        cwd: dir,
        env: { AIO_X: "set", PATH: process.env.PATH },
      });
      return await guarded(proc.communicate());
    });
    expect(out!.toString()).toBe(`${dir}\nset|\n`);
  });

  it("the `limit` option is the readers' line limit", async () => {
    const message = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", "printf 'abcdefghij\\n'"], { stdout: PIPE, limit: 4 });
      try {
        await proc.stdout!.readline();
        return "no error";
      } catch (e) {
        return (e as Error).constructor.name;
      } finally {
        await guarded(proc.wait());
      }
    });
    expect(message).toBe("RangeError");
  });

  it("rejects with Node's ENOENT error for a missing program (FileNotFoundError)", async () => {
    const error = await run(async () => {
      try {
        await createSubprocessExec("aio-no-such-program", ["x"], { stdout: PIPE });
        return null;
      } catch (e) {
        return e as NodeJS.ErrnoException;
      }
    });
    expect(error?.code).toBe("ENOENT");
    expect(error?.message).toBe("spawn aio-no-such-program ENOENT");
  });

  it("gives the same ENOENT error when stderr=STDOUT starts it through the shell", async () => {
    const error = await run(function* () {
      try {
        yield* createSubprocessExec("aio-no-such-program", [], { stdout: PIPE, stderr: STDOUT });
        return null;
      } catch (e) {
        return e as NodeJS.ErrnoException;
      }
    });
    expect(error?.code).toBe("ENOENT");
    expect(error?.message).toBe("spawn aio-no-such-program ENOENT");
  });

  it("toString() and util.inspect show the pid and the state", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", "exit 6"]);
      const running = String(proc);
      await guarded(proc.wait());
      return [running.replace(String(proc.pid), "PID"), inspect(proc).replace(String(proc.pid), "PID")];
    });
    expect(got).toEqual(["<Process PID running>", "<Process PID returncode=6>"]);
  });

  it("nothing starts until the result is awaited (like a coroutine)", async () => {
    const marker = join(dir, "started");
    const got = await run(async () => {
      const pending = createSubprocessExec("touch", [marker]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const before = existsSync(marker);
      const proc: Process = await pending;
      await guarded(proc.wait());
      return [before, existsSync(marker)];
    });
    expect(got).toEqual([false, true]);
  });
});

describe("createSubprocessShell()", () => {
  it("runs a command line with /bin/sh: pipes, globbing, exit status", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessShell("printf 'b\\na\\n' | sort; exit 4", { stdout: PIPE });
      const [out] = await guarded(proc.communicate());
      return [out!.toString(), proc.returncode];
    });
    expect(got).toEqual(["a\nb\n", 4]);
  });

  it("a missing command is the shell's exit status 127, not an error", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessShell("aio-no-such-command", { stderr: DEVNULL });
      return await guarded(proc.wait());
    });
    expect(got).toBe(127);
  });

  it("stderr=STDOUT applies to the whole command line (generator)", async () => {
    const out = await run(function* () {
      const proc = yield* createSubprocessShell("echo a; echo b >&2; ls /aio-missing-dir", { stdout: PIPE, stderr: STDOUT });
      const [out] = yield* guarded(proc.communicate());
      return out!.toString();
    });
    expect(out).toMatch(/^a\nb\n.*aio-missing-dir/s);
  });
});
