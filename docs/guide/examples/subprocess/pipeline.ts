import { createTask, run } from "@aio/asyncio";
import { PIPE, createSubprocessExec, createSubprocessShell } from "@aio/subprocess";

// `producer | sort | uniq -c`, with this program in the middle of the first pipe: it reads the
// producer's lines as they come, filters them, and feeds the rest to `sort`.
async function main(): Promise<void> {
  const producer = await createSubprocessShell("for w in b a c a b a; do echo $w; done", { stdout: PIPE });
  const counter = await createSubprocessShell("sort | uniq -c", { stdin: PIPE, stdout: PIPE });

  // The pump: one line at a time, and drain() after each write, so a slow consumer slows the
  // pump down instead of letting the buffer grow.
  const pump = createTask(async () => {
    let passed = 0;
    for await (const line of producer.stdout!) {
      if (line.toString() === "c\n") continue; // this program's part: drop the c's
      counter.stdin!.write(line);
      await counter.stdin!.drain();
      passed++;
    }
    counter.stdin!.close(); // end of input: sort can finish
    return passed;
  });

  // Meanwhile read the result; read() with no size reads to the end of the stream.
  const counted = await counter.stdout!.read();
  console.log(`${await pump} lines went through`);
  for (const row of counted.toString().trim().split("\n")) console.log(row.trim());
  console.log(`exit statuses: ${await producer.wait()} ${await counter.wait()}`);
}

await run(main);
// Output:
// 5 lines went through
// 3 a
// 2 b
// exit statuses: 0 0
