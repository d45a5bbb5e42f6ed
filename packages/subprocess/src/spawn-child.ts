// Starting the child with node:child_process. One case needs help: stderr=STDOUT with stdout=PIPE,
// where the child's fd 2 must be the very pipe its fd 1 is (so the two streams interleave in the
// order the child wrote them). Node can only give each fd its own pipe, so the child is started
// through `/bin/sh -c 'exec "$@" 2>&1'`: the shell makes fd 2 a copy of fd 1 and then replaces
// itself with the program (exec), so the pid, the exit status and signals are the program's own.
import { accessSync, constants as fsConstants, statSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { delimiter, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { SpawnPlan } from "./options.js";

const SHELL = "/bin/sh";

/** @internal Starts the program (or, with `shell`, the command line `program`). */
export function spawnChild(program: string, args: readonly string[], plan: SpawnPlan, shell: boolean): ChildProcess {
  const options = { ...plan.spawn, stdio: plan.stdio };
  if (shell) {
    // CPython: ['/bin/sh', '-c', cmd]. With the merge, the shell first points its own fd 2 at fd 1.
    return spawn(SHELL, ["-c", plan.mergeStderr ? `exec 2>&1\n${program}` : program], options);
  }
  if (!plan.mergeStderr) return spawn(program, args, options);
  if (process.platform === "win32") throw new Error("stderr=STDOUT with stdout=PIPE needs a POSIX shell; it is not supported on Windows");
  if (plan.spawn.argv0 !== undefined) throw new Error("options.argv0 cannot be combined with stderr=STDOUT and stdout=PIPE");
  // What spawn() would report if the program is missing: the shell would only exit with 127.
  checkProgram(program, args, plan);
  return spawn(SHELL, ["-c", 'exec "$@" 2>&1', "sh", program, ...args], options);
}

/** Throws Node's ENOENT/EACCES spawn error unless `program` can be executed (execvp's search). */
function checkProgram(program: string, args: readonly string[], plan: SpawnPlan): void {
  const cwd = plan.spawn.cwd instanceof URL ? fileURLToPath(plan.spawn.cwd) : (plan.spawn.cwd ?? process.cwd());
  const env = plan.spawn.env ?? process.env;
  let candidates: string[];
  if (program.includes("/")) candidates = [resolve(cwd, program)];
  else {
    const path = env.PATH;
    if (path === undefined) return; // no search path: leave it to the shell's default
    candidates = path.split(delimiter).map((dir) => (isAbsolute(dir) ? resolve(dir, program) : resolve(cwd, dir || ".", program)));
  }
  let code = "ENOENT";
  for (const file of candidates) {
    try {
      accessSync(file, fsConstants.X_OK);
      if (statSync(file).isFile()) return;
      code = "EACCES"; // a directory
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EACCES") code = "EACCES";
    }
  }
  throw Object.assign(new Error(`spawn ${program} ${code}`), {
    errno: code === "ENOENT" ? -2 : -13,
    code,
    syscall: `spawn ${program}`,
    path: program,
    spawnargs: [...args],
  });
}
