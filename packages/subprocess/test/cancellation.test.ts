// Cancelling wait() or communicate() cancels the waiting, never the child (as in asyncio).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TimeoutError, type Coroutine } from "@aio/core";
import { run } from "@aio/loop";
import { createTask } from "@aio/task";
import { waitFor } from "@aio/combinators";
import { PIPE, createSubprocessExec } from "@aio/subprocess";
import { guarded, isRunning } from "./helpers.js";

/** Pids of the processes whose command line is exactly `args`. */
function pidsRunning(args: string[]): number[] {
  const want = args.join("\0") + "\0";
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, "utf8") === want) found.push(Number(name));
    } catch {
      // it exited meanwhile
    }
  }
  return found;
}

describe("cancellation", () => {
  it("cancelling wait() leaves the child running; a later wait() gets its status (async)", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("sleep", ["30"]);
      const waiting = createTask(async () => await proc.wait());
      await waitFor(createTask(async () => {}), 1); // let the waiter start
      waiting.cancel();
      const outcome = await waitFor(waiting, 5).then(
        () => "finished",
        (e: Error) => e.name,
      );
      const state = isRunning(proc.pid);
      const rc = proc.returncode;
      proc.kill();
      return [outcome, state, rc, await guarded(proc.wait())];
    });
    expect(got).toEqual(["CancelledError", true, null, -9]);
  });

  it("a timeout around wait() leaves the child running (generator)", async () => {
    const got = await run(function* (): Coroutine<unknown[]> {
      const proc = yield* createSubprocessExec("sleep", ["30"]);
      let timedOut = false;
      try {
        yield* waitFor(proc.wait(), 0.02);
      } catch (e) {
        timedOut = e instanceof TimeoutError;
      }
      const state = isRunning(proc.pid);
      proc.terminate();
      return [timedOut, state, yield* guarded(proc.wait())];
    });
    expect(got).toEqual([true, true, -15]);
  });

  it("cancelling communicate() leaves the child running and usable (async)", async () => {
    const got = await run(async () => {
      const proc = await createSubprocessExec("sh", ["-c", "echo started; read line; echo got $line; exec sleep 30"], { stdin: PIPE, stdout: PIPE });
      expect((await guarded(proc.stdout!.readline())).toString()).toBe("started\n");
      let timedOut = false;
      try {
        await waitFor(proc.communicate(), 0.02); // closes stdin: the shell reads EOF and sleeps on
      } catch (e) {
        timedOut = e instanceof TimeoutError;
      }
      const state = isRunning(proc.pid);
      proc.kill();
      return [timedOut, state, await guarded(proc.wait())];
    });
    expect(got).toEqual([true, true, -9]);
  });

  it("cancelling communicate() while it writes a large input: the child lives, the writer stays usable (generator)", async () => {
    const got = await run(function* (): Coroutine<unknown[]> {
      // The child reads nothing until told to: communicate() is stuck in drain() when cancelled.
      const proc = yield* createSubprocessExec("sh", ["-c", "exec sleep 30"], { stdin: PIPE, stdout: PIPE });
      let timedOut = false;
      try {
        yield* waitFor(proc.communicate(Buffer.alloc(4 * 1024 * 1024)), 0.05);
      } catch (e) {
        timedOut = e instanceof TimeoutError;
      }
      const state = isRunning(proc.pid);
      const closing = proc.stdin!.isClosing();
      proc.kill();
      return [timedOut, state, closing, yield* guarded(proc.wait())];
    });
    expect(got).toEqual([true, true, false, -9]);
  });

  it("cancelled while the pipes are being connected, the child is killed and reaped first", async () => {
    const args = ["sleep", "31.25"];
    const outcome = await run(function* (): Coroutine<string> {
      const starting = createTask(function* () {
        return yield* createSubprocessExec(args[0]!, args.slice(1), { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      });
      yield; // its first step spawns the child and waits for the first pipe
      expect(pidsRunning(args).length).toBe(1);
      starting.cancel();
      try {
        yield* guarded(starting);
        return "started";
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(outcome).toBe("CancelledError");
    expect(pidsRunning(args)).toEqual([]);
  });
});
