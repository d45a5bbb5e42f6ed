// The README's opening example, run as it is written (with console.log captured).
import { format } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { run } from "@aio/loop";
import { PIPE, createSubprocessExec } from "@aio/subprocess";

describe("README", () => {
  it("the opening example prints what its comments say", async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
    try {
      await run(async () => {
        const proc = await createSubprocessExec("sort", ["-r"], { stdin: PIPE, stdout: PIPE });
        const [out] = await proc.communicate(Buffer.from("pear\napple\nfig\n"));
        console.log(out!.toString(), proc.returncode); // "pear\nfig\napple\n" 0

        const cat = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
        cat.stdin!.write(Buffer.from("hello\n"));
        await cat.stdin!.drain();
        console.log((await cat.stdout!.readline()).toString()); // "hello\n"
        cat.kill();
        console.log(await cat.wait()); // -9: killed by SIGKILL
      });
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual(["pear\nfig\napple\n 0", "hello\n", "-9"]);
  });
});
