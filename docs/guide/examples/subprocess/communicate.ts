import { run } from "@aio/asyncio";
import { PIPE, createSubprocessExec } from "@aio/subprocess";

async function main(): Promise<void> {
  // Start `sort -r` with pipes for stdin and stdout. No shell: the arguments go as they are.
  const proc = await createSubprocessExec("sort", ["-r"], { stdin: PIPE, stdout: PIPE });
  console.log(`started, pid is a number: ${typeof proc.pid === "number"}`);

  // communicate() writes the input, closes stdin, reads stdout to the end and waits for the exit,
  // all at once, so any amount of data flows without the two sides blocking each other.
  const [out] = await proc.communicate(Buffer.from("pear\napple\nfig\n"));
  console.log(out!.toString().trimEnd());
  console.log(`exit status ${proc.returncode}`);

  // A failing command: a non-zero exit status, and its complaint on the stderr pipe.
  const ls = await createSubprocessExec("ls", ["/no-such-dir"], { stdout: PIPE, stderr: PIPE });
  const [, err] = await ls.communicate();
  console.log(`ls said ${err!.length > 0 ? "something" : "nothing"} on stderr, status ${ls.returncode !== 0 ? "non-zero" : "0"}`);
}

await run(main);
// Output:
// started, pid is a number: true
// pear
// fig
// apple
// exit status 0
// ls said something on stderr, status non-zero
