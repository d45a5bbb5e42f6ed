// Process.sendSignal / terminate / kill: a signal's death is a negative returncode.
import { constants } from "node:os";
import { describe, expect, it } from "vitest";
import type { Coroutine } from "@aio/core";
import { run } from "@aio/loop";
import { PIPE, ProcessLookupError, createSubprocessExec, type Process } from "@aio/subprocess";
import { guarded } from "./helpers.js";

/** A shell that says "ready" once its trap is set, then sleeps; SIGUSR1 makes it exit 42. */
async function sleeper(): Promise<Process> {
  const proc = await createSubprocessExec("sh", ["-c", "trap 'exit 42' USR1; echo ready; while :; do sleep 0.01; done"], { stdout: PIPE });
  expect((await guarded(proc.stdout!.readline())).toString()).toBe("ready\n");
  return proc;
}

describe("Process signals", () => {
  it("kill() ends the child with SIGKILL: returncode -9 (async function)", async () => {
    const got = await run(async () => {
      const proc = await sleeper();
      proc.kill();
      return [await guarded(proc.wait()), proc.returncode];
    });
    expect(got).toEqual([-constants.signals.SIGKILL, -9]);
  });

  it("terminate() ends the child with SIGTERM: returncode -15 (generator)", async () => {
    const got = await run(function* (): Coroutine<number> {
      const proc = yield* createSubprocessExec("sleep", ["30"]);
      proc.terminate();
      return yield* guarded(proc.wait());
    });
    expect(got).toBe(-15);
  });

  it("sendSignal() takes a name or a number; a trapped signal gives the trap's exit status", async () => {
    const got = await run(async () => {
      const trapped = await sleeper();
      trapped.sendSignal("SIGUSR1");
      const byName = await guarded(trapped.wait());
      const other = await createSubprocessExec("sleep", ["30"]);
      other.sendSignal(constants.signals.SIGINT);
      return [byName, await guarded(other.wait())];
    });
    expect(got).toEqual([42, -constants.signals.SIGINT]);
  });

  it("sendSignal(0) only checks that the child is there", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("sleep", ["30"]);
      proc.sendSignal(0);
      const still = proc.returncode;
      proc.kill();
      return [still, await guarded(proc.wait())];
    });
    expect(got).toEqual([null, -9]);
  });

  it("signalling a child whose exit is known throws ProcessLookupError (code ESRCH)", async () => {
    const errors = await run(async () => {
      const proc = await createSubprocessExec("true", []);
      await guarded(proc.wait());
      const errors: string[] = [];
      for (const send of [() => proc.kill(), () => proc.terminate(), () => proc.sendSignal("SIGHUP")]) {
        try {
          send();
          errors.push("no error");
        } catch (e) {
          errors.push(`${(e as Error).name} ${(e as ProcessLookupError).code} ${e instanceof ProcessLookupError}`);
        }
      }
      return errors;
    });
    expect(errors).toEqual(Array(3).fill("ProcessLookupError ESRCH true"));
  });

  it("the ProcessLookupError message names the call, the pid and the returncode", async () => {
    const [message, pid] = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", "exit 2"]);
      await guarded(proc.wait());
      try {
        proc.kill();
      } catch (e) {
        return [(e as Error).message, proc.pid] as const;
      }
      return ["", 0] as const;
    });
    expect(message).toBe(`Process.kill(): process ${pid} has already exited with returncode 2`);
  });

  it.each([
    ["an unknown name", "SIGFOO", RangeError, 'Process.sendSignal(signal): unknown signal name "SIGFOO"'],
    ["a bad number", 999, RangeError, "Process.sendSignal(signal): invalid signal number 999"],
    ["null", null, TypeError, 'Process.sendSignal(signal): expected a signal name such as "SIGTERM" or an integer signal number, got null'],
    ["1.5", 1.5, TypeError, 'Process.sendSignal(signal): expected a signal name such as "SIGTERM" or an integer signal number, got 1.5'],
  ])("sendSignal refuses %s", async (_what, signal, error, message) => {
    await run(async () => {
      const proc = await createSubprocessExec("sleep", ["30"]);
      try {
        expect(() => proc.sendSignal(signal as NodeJS.Signals)).toThrow(error);
        expect(() => proc.sendSignal(signal as NodeJS.Signals)).toThrow(message);
        expect(proc.returncode).toBeNull();
      } finally {
        proc.kill();
        await guarded(proc.wait());
      }
    });
  });
});
