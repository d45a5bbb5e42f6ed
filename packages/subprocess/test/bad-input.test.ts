// Bad input, table by table: createSubprocessExec, createSubprocessShell and their options given
// wrong types and out-of-range values. A refused call throws where it is made, before anything is
// started, with the exact error class and a message naming the function and the argument.
import { describe, expect, it } from "vitest";
import { createSubprocessExec, createSubprocessShell, DEVNULL, PIPE, STDOUT } from "@aio/subprocess";
import { errorOf, rejectionOf, type Refused } from "../../../tooling/config/bad-input.js";

const exec = (options: unknown) => () => createSubprocessExec("true", [], options as never);
const shell = (options: unknown) => () => createSubprocessShell("true", options as never);

const refused: Refused[] = [
  // program, args, cmd
  { call: "createSubprocessExec(42)", run: () => createSubprocessExec(42 as never), error: TypeError, message: /^createSubprocessExec\(program\): expected a string, got 42 \(number\)$/ },
  { call: 'createSubprocessExec("")', run: () => createSubprocessExec(""), error: RangeError, message: /^createSubprocessExec\(program\): expected a program name or path, got ""$/ },
  { call: 'createSubprocessExec("ls", "-l") (a string, not an array)', run: () => createSubprocessExec("ls", "-l" as never), error: TypeError, message: /^createSubprocessExec\(args\): expected an array of strings, got "-l"/ },
  { call: 'createSubprocessExec("ls", { stdout: PIPE }) (options in place of args)', run: () => createSubprocessExec("ls", { stdout: PIPE } as never), error: TypeError, message: /^createSubprocessExec\(args\): expected an array of strings/ },
  { call: 'createSubprocessExec("ls", ["-l", 2])', run: () => createSubprocessExec("ls", ["-l", 2] as never), error: TypeError, message: /^createSubprocessExec\(args\[1\]\): expected a string, got 2 \(number\)$/ },
  { call: "createSubprocessShell(null)", run: () => createSubprocessShell(null as never), error: TypeError, message: /^createSubprocessShell\(cmd\): expected a string, got null$/ },
  { call: 'createSubprocessShell("")', run: () => createSubprocessShell(""), error: RangeError, message: /^createSubprocessShell\(cmd\): expected a command line, got ""$/ },
  // options
  { call: "exec options 42", run: exec(42), error: TypeError, message: /^createSubprocessExec\(options\): expected an options object \{ stdin\?, stdout\?, stderr\?, cwd\?, env\?, limit\?/ },
  { call: "exec options []", run: exec([]), error: TypeError, message: /^createSubprocessExec\(options\): expected an options object/ },
  { call: "shell options null", run: shell(null), error: TypeError, message: /^createSubprocessShell\(options\): expected an options object/ },
  { call: "exec option shell: true (not an option)", run: exec({ shell: true }), error: TypeError, message: /^createSubprocessExec\(options\): unknown option "shell"; expected \{/ },
  { call: "exec option stdio (Node's name)", run: exec({ stdio: "pipe" }), error: TypeError, message: /^createSubprocessExec\(options\): unknown option "stdio"/ },
  { call: "stdout: STDOUT", run: exec({ stdout: STDOUT }), error: RangeError, message: /^createSubprocessExec\(options\.stdout\): STDOUT can only be used for stderr$/ },
  { call: "stdin: STDOUT", run: exec({ stdin: STDOUT }), error: RangeError, message: /^createSubprocessExec\(options\.stdin\): STDOUT can only be used for stderr$/ },
  { call: 'stdout: "pipe" (Node\'s spelling)', run: exec({ stdout: "pipe" }), error: TypeError, message: /^createSubprocessExec\(options\.stdout\): expected PIPE, DEVNULL, a file descriptor \(an integer >= 0\) or null, got "pipe"/ },
  { call: "stderr: -4", run: exec({ stderr: -4 }), error: RangeError, message: /^createSubprocessExec\(options\.stderr\): expected PIPE, DEVNULL, STDOUT, a file descriptor \(an integer >= 0\) or null, got -4$/ },
  { call: "stdin: 1.5", run: exec({ stdin: 1.5 }), error: RangeError, message: /^createSubprocessExec\(options\.stdin\): .*got 1\.5$/ },
  { call: "stdin: NaN", run: exec({ stdin: NaN }), error: RangeError, message: /^createSubprocessExec\(options\.stdin\): .*got NaN$/ },
  { call: "cwd: 42", run: exec({ cwd: 42 }), error: TypeError, message: /^createSubprocessExec\(options\.cwd\): expected a path \(string or file: URL\), got 42 \(number\)$/ },
  { call: 'env: "A=1"', run: exec({ env: "A=1" }), error: TypeError, message: /^createSubprocessExec\(options\.env\): expected an object of strings/ },
  { call: "env: { A: 1 }", run: exec({ env: { A: 1 } }), error: TypeError, message: /^createSubprocessExec\(options\.env\.A\): expected a string, got 1 \(number\)$/ },
  { call: 'limit: "64k"', run: exec({ limit: "64k" }), error: TypeError, message: /^createSubprocessExec\(options\.limit\): expected a number of bytes, got "64k"/ },
  { call: "limit: 0", run: exec({ limit: 0 }), error: RangeError, message: /^createSubprocessExec\(options\.limit\): expected a number of bytes > 0, got 0$/ },
  { call: "limit: NaN", run: exec({ limit: NaN }), error: RangeError, message: /^createSubprocessExec\(options\.limit\): expected a number of bytes > 0, got NaN$/ },
  { call: "uid: -1", run: exec({ uid: -1 }), error: TypeError, message: /^createSubprocessExec\(options\.uid\): expected an integer >= 0, got -1/ },
  { call: 'detached: "yes"', run: exec({ detached: "yes" }), error: TypeError, message: /^createSubprocessExec\(options\.detached\): expected a boolean, got "yes"/ },
  { call: "argv0: 0", run: exec({ argv0: 0 }), error: TypeError, message: /^createSubprocessExec\(options\.argv0\): expected a string, got 0/ },
  { call: "shell with argv0", run: shell({ argv0: "x" }), error: TypeError, message: /^createSubprocessShell\(options\.argv0\): not supported by the shell form; use createSubprocessExec$/ },
];

describe("@aio/subprocess: bad input is refused at the call", () => {
  it.each(refused)("$call", ({ run, error, message }) => {
    const e = errorOf(run);
    expect(e.constructor).toBe(error);
    expect(e.message).toMatch(message);
  });
});

describe("@aio/subprocess: what is checked when awaited", () => {
  it("awaiting outside a running loop rejects with 'no running event loop' (nothing is started)", async () => {
    const e = await rejectionOf(() => createSubprocessExec("true", [], { stdout: PIPE, stderr: DEVNULL }));
    expect(e.message).toBe("no running event loop");
  });
});
