import { _describe as describe, getRunningLoop, type Awaitable, type Coroutine } from "@aio/core";
import { _asAwaitable as asAwaitable, _thenable as thenable } from "@aio/task";
import { ChildTransport } from "./child-transport.js";
import { planSpawn, type SpawnPlan, type SubprocessOptions } from "./options.js";
import { makeProcess, type Process } from "./process.js";
import { spawnChild } from "./spawn-child.js";

/**
 * Starts `program` with `args` (`asyncio.create_subprocess_exec`) and resolves to its
 * {@link Process} once the pipes are connected.
 *
 * @remarks
 * No shell is involved: `args` reach the program exactly as given. `program` is looked up in
 * `PATH` (of `options.env` when given) unless it contains a `/`. By default the child shares this
 * process's stdin, stdout and stderr; set them to {@link PIPE} to talk to it through streams, to
 * {@link DEVNULL}, to a file descriptor, or `stderr` to {@link STDOUT}.
 *
 * A program that cannot be started rejects with Node's spawn error (`code` `"ENOENT"` for a
 * missing program, Python's FileNotFoundError; `"EACCES"` for one that is not executable).
 *
 * Cancellation: cancelled while the pipes are being connected, the child is killed and reaped
 * before the cancellation goes on, as in asyncio.
 * @throws TypeError if `program` is not a string, `args` not an array of strings, or an option has
 * the wrong type; RangeError if `program` is empty or an option's value is out of range (such as
 * `stdout: STDOUT`). These are thrown by the call itself, before anything starts.
 * @example
 * ```ts
 * const proc = await createSubprocessExec("ls", ["-l", "/"], { stdout: PIPE });
 * for await (const line of proc.stdout!) console.log(line.toString().trimEnd());
 * console.log("exit status", await proc.wait());
 * ```
 * @public
 */
export function createSubprocessExec(program: string, args: readonly string[] = [], options?: SubprocessOptions): Awaitable<Process> {
  if (typeof program !== "string") throw new TypeError(`createSubprocessExec(program): expected a string, got ${describe(program)}`);
  if (program === "") throw new RangeError('createSubprocessExec(program): expected a program name or path, got ""');
  if (!Array.isArray(args)) throw new TypeError(`createSubprocessExec(args): expected an array of strings, got ${describe(args)}`);
  args.forEach((arg: unknown, i) => {
    if (typeof arg !== "string") throw new TypeError(`createSubprocessExec(args[${i}]): expected a string, got ${describe(arg)}`);
  });
  const plan = planSpawn("createSubprocessExec", options, false);
  return asAwaitable(start(program, [...args], plan, false));
}

/**
 * Runs the command line `cmd` with `/bin/sh -c` (`asyncio.create_subprocess_shell`) and resolves to
 * its {@link Process}.
 *
 * @remarks
 * The shell interprets `cmd` (quoting, globs, pipes, redirections): never put untrusted input in
 * it. `pid` and `returncode` are the shell's (sh often `exec`s a simple command, so they may also
 * be the command's). A missing command is not an error here: the shell exits with 127. Options
 * and cancellation as for {@link createSubprocessExec}.
 * @throws TypeError if `cmd` is not a string or an option has the wrong type; RangeError if `cmd`
 * is empty or an option's value is out of range.
 * @example
 * ```ts
 * const proc = await createSubprocessShell("ls /etc | wc -l", { stdout: PIPE });
 * const [out] = await proc.communicate();
 * console.log(Number(out!.toString()));
 * ```
 * @public
 */
export function createSubprocessShell(cmd: string, options?: SubprocessOptions): Awaitable<Process> {
  if (typeof cmd !== "string") throw new TypeError(`createSubprocessShell(cmd): expected a string, got ${describe(cmd)}`);
  if (cmd === "") throw new RangeError('createSubprocessShell(cmd): expected a command line, got ""');
  const plan = planSpawn("createSubprocessShell", options, true);
  return asAwaitable(start(cmd, [], plan, true));
}

function* start(program: string, args: string[], plan: SpawnPlan, shell: boolean): Coroutine<Process> {
  const loop = getRunningLoop();
  const transport = new ChildTransport(loop, spawnChild(program, args, plan, shell), plan.limit);
  if (transport._child.pid === undefined) yield* transport._spawnFailed();
  try {
    yield* transport._connectPipes();
  } catch (error) {
    // As asyncio: close (kill) the child and reap it before the error or cancellation goes on.
    transport.close();
    if (transport._exitStatus === null) {
      try {
        yield* makeProcess(transport).wait();
      } catch {
        // a second cancellation: the child is killed either way
      }
    }
    throw error;
  }
  return makeProcess(transport);
}
thenable(start);
